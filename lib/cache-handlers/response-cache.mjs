/**
 * Whole answers of public pages, kept in this process and sent by server.mjs before Next sees the request
 * (issue #26, docs/edge.md "The origin's tail"). A page from the page cache still costs about 3 ms of Next's
 * request handling (routing, the proxy, the response cache); a loaded origin spends that on every request in
 * flight at each turn of its event loop, and accepts one new connection per turn (libuv), so 50 new
 * connections waited seconds to be accepted. Sending the same bytes again costs a fraction of that.
 *
 * What is kept: the answer Next gave to a plain GET, when it was a 200 that any shared cache may keep
 * (`s-maxage`, no `private`/`no-store`, no `Set-Cookie`) and was not served stale, keyed by host, URL and
 * whether the reader takes gzip (headers as Next wrote them, `x-nextjs-cache: HIT`). What is served from here:
 * a GET with no cookie, no credentials, no `rsc` or `next-*` header and none of the headers the answer varies
 * on (a signed-in reader, a server action, a client navigation always reach Next).
 *
 * When it stops being served, whichever comes first:
 * - any cache tag changes anywhere (this instance or, through Redis, another): the tag state's generation
 *   moves and every entry taken before is dropped. Coarser than the page cache's per-tag check on purpose:
 *   the next request of each page goes to Next, which answers from its page cache (per tag) or renders;
 * - its `s-maxage` has passed (the page's own lifetime: Next would revalidate it then);
 * - the database is unavailable, as the proxy's gate sees it (Next answers 503 then, as everywhere else).
 * An answer that was in flight while a tag changed is not kept. Bounded by CACHE_RESPONSES_MAX_MB (16; 0 keeps
 * nothing; ./limits.mjs), least recently used first.
 */
import { lruByBytes } from './limits.mjs';
import { getTagState } from './tag-state.mjs';

/** An answer larger than this is not kept (the 10,000-comment article is about 2 MB). */
const MAX_BODY = 4 * 2 ** 20;
/** Request headers that make an answer per-reader or a client-router payload: such requests go to Next. */
const PASS_HEADERS = ['cookie', 'authorization', 'rsc'];
/** …and so does any `next-*` header (next-action, next-router-state-tree, next-router-prefetch, next-url, …). */
const NEXT_HEADER = /^next-/;
/** Answer headers not replayed: the server sets its own. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * @typedef {{ status: number, headers: [string, string | string[]][], body: Buffer, expires: number, generation: number,
 *   vary: string[] }} Kept
 */

/** The shared lifetime an answer allows (s), or 0 when no shared cache may keep it. */
export function sharedLifetime(/** @type {string | undefined} */ cacheControl) {
  if (!cacheControl || /\b(private|no-store|no-cache)\b/i.test(cacheControl)) return 0;
  const m = /\bs-maxage=(\d+)/i.exec(cacheControl);
  return m ? Number(m[1]) : 0;
}

/**
 * @param {{ maxBytes: number, tags?: { refresh(): Promise<void>, generation(): number },
 *   now?: () => number, databaseAvailable?: () => Promise<boolean> }} opts
 */
export function createResponseCache({
  maxBytes,
  tags = getTagState(),
  now = () => performance.now(),
  databaseAvailable = async () => true,
}) {
  const entries = lruByBytes(maxBytes, (/** @type {Kept} */ v, key) => v.body.byteLength + key.length + 512, 'responses');

  /** The key of a request that may be answered from here (and its answer kept), or null. */
  function keyOf(/** @type {import('node:http').IncomingMessage} */ req) {
    if (maxBytes <= 0 || req.method !== 'GET' || !req.url) return null;
    for (const h of PASS_HEADERS) if (req.headers[h] !== undefined) return null;
    for (const h of Object.keys(req.headers)) if (NEXT_HEADER.test(h)) return null;
    if (req.url.includes('_rsc=')) return null;
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? 'gz' : 'id';
    return `${req.headers.host ?? ''} ${gzip} ${req.url}`;
  }

  return {
    entries,
    keyOf,

    /**
     * Answers `req` from here when it can (true); otherwise arranges for Next's answer to be kept and returns
     * false: the caller then hands the request to Next.
     * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
     */
    async serve(req, res) {
      const key = keyOf(req);
      if (!key || !(await databaseAvailable())) return false;
      // What the other instances expired since the last request (one GET of a counter; see tag-sync).
      await tags.refresh();
      const generation = tags.generation();
      const kept = entries.get(key);
      // A request with a header the answer varies on is not the request that answer was for.
      if (kept?.vary.some((h) => req.headers[h] !== undefined)) return false;
      if (kept && kept.generation === generation && kept.expires > now()) {
        res.statusCode = kept.status;
        for (const [name, value] of kept.headers) res.setHeader(name, value);
        res.end(kept.body);
        return true;
      }
      if (kept) entries.delete(key);
      keep(key, generation, res);
      return false;
    },
  };

  /** Collects Next's answer on `res` and keeps it if it may be shared and no tag changed meanwhile. */
  function keep(/** @type {string} */ key, /** @type {number} */ generation, /** @type {import('node:http').ServerResponse} */ res) {
    /** @type {Buffer[] | null} */
    let chunks = [];
    let size = 0;
    const write = res.write;
    const end = res.end;
    let checked = false;
    const collect = (/** @type {unknown} */ chunk, /** @type {unknown} */ encoding) => {
      // The headers are set by the first write: an answer that cannot be kept is not copied at all.
      if (!checked) {
        checked = true;
        const shared = sharedLifetime(/** @type {string | undefined} */ (res.getHeader('cache-control'))) > 0;
        if (res.statusCode !== 200 || !shared || res.getHeader('set-cookie') !== undefined) chunks = null;
      }
      if (!chunks || chunk == null || typeof chunk === 'function') return;
      const buf =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : 'utf8')
          : Buffer.from(/** @type {Uint8Array} */ (chunk));
      size += buf.byteLength;
      if (size > MAX_BODY) chunks = null;
      else chunks.push(buf);
    };
    res.write = /** @type {typeof res.write} */ (
      function (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ cb) {
        collect(chunk, encoding);
        return write.call(this, chunk, encoding, cb);
      }
    );
    res.end = /** @type {typeof res.end} */ (
      function (/** @type {any} */ chunk, /** @type {any} */ encoding, /** @type {any} */ cb) {
        collect(chunk, encoding);
        return end.call(this, chunk, encoding, cb);
      }
    );
    res.once('finish', () => {
      if (!chunks || res.statusCode !== 200 || tags.generation() !== generation) return;
      const headers = res.getHeaders();
      const life = sharedLifetime(/** @type {string | undefined} */ (headers['cache-control']));
      if (life <= 0 || headers['set-cookie'] !== undefined || String(headers['x-nextjs-cache'] ?? '').toUpperCase() === 'STALE') return;
      // Vary: the key stands for requests without any of these headers (accept-encoding is in the key).
      const vary = String(headers.vary ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h && h !== 'accept-encoding');
      if (vary.includes('*')) return;
      // Only the two encodings the key tells apart: gzip for a reader who takes it, none for the others (a
      // reader asking for deflate alone gets it from Next, and that answer is not kept for anyone).
      const encoding = String(headers['content-encoding'] ?? '').toLowerCase();
      if (encoding !== '' && !(encoding === 'gzip' && key.includes(' gz '))) return;
      // The names as Next wrote them (getRawHeaderNames keeps their case), said to be a cache hit.
      /** @type {[string, string | string[]][]} */
      const replay = [];
      for (const name of res.getRawHeaderNames()) {
        const lower = name.toLowerCase();
        const value = lower === 'x-nextjs-cache' ? 'HIT' : res.getHeader(name);
        if (value !== undefined && !HOP_HEADERS.has(lower)) replay.push([name, Array.isArray(value) ? value : String(value)]);
      }
      entries.set(key, { status: 200, headers: replay, body: Buffer.concat(chunks), expires: now() + life * 1000, generation, vary });
    });
  }
}
