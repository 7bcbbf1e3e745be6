/**
 * Cache tags on the wire, for a shared cache in front (issue #26, docs/edge.md): every tag a page was built
 * from becomes one short key, the same way on the response (`Surrogate-Key` for Varnish xkey and Fastly,
 * `Cache-Tag` for Cloudflare) and in the purge (lib/edge/purge.ts), so a purge of the keys of the tags a
 * write expired removes exactly the pages the origin renders again.
 *
 * A key is the tag itself when it is short and plain (`article:<uuid>`, `comments:<uuid>`, `settings`); any
 * other tag (Next's soft tags `_N_T_/article/some-slug`, a long slug, characters a vendor refuses) becomes
 * `h` and 12 characters of its SHA-256 (base64url). Vendors' limits: Fastly takes keys up to 1,024 bytes in a
 * header of at most 16,384 bytes; Cloudflare `Cache-Tag` headers up to 16 KB in all; Varnish a request
 * or response header line of 8 KB by default (http_req_hdr_len, http_resp_hdr_len). Keys stay under 65
 * characters; a page whose keys would pass EDGE_KEYS_MAX_BYTES is sent without them and without the long
 * lifetime (the edge then keeps it only as long as Cache-Control says).
 *
 * Loaded by the page cache handler outside the app bundle and by the bundled app alike: plain ESM, no state.
 */
import { createHash } from 'node:crypto';

const SOFT_TAG = '_N_T_';
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$/;
/** Under every vendor's limit, with room for the other headers in Varnish's default 8 KB line. */
export const EDGE_KEYS_MAX_BYTES = 6000;
/** How long a purged edge keeps a public page by default (s), and serves it stale while refetching. */
export const EDGE_MAX_AGE = 86_400;
export const EDGE_STALE = 3600;
/** A page whose own lifetime is shorter (a campaign starts or ends within the hour) keeps that lifetime. */
const TIME_BOUND_BELOW = 60;

/** The key of one tag on the wire. */
export function edgeKey(/** @type {string} */ tag) {
  if (!tag.startsWith(SOFT_TAG) && PLAIN.test(tag)) return tag;
  return 'h' + createHash('sha256').update(tag).digest('base64url').slice(0, 12);
}

/** The keys of these tags, each once, in order. */
export function edgeKeys(/** @type {Iterable<string>} */ tags) {
  return [...new Set([...tags].map(edgeKey))];
}

/** Whether a purge is configured (EDGE_PURGE), which is what allows a long shared lifetime. */
export function edgePurgeConfigured(env = process.env) {
  const v = env.EDGE_PURGE;
  return !!v && v !== 'none' && v !== 'off';
}

function seconds(/** @type {string | undefined} */ v, /** @type {number} */ fallback) {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Not a number of seconds: ${v}`);
  return n;
}

/**
 * The headers that carry a response's tags to the edge: `Surrogate-Key` (space-separated) and `Cache-Tag`
 * (comma-separated); with a purge configured, also its long shared lifetime in `Surrogate-Control` (Fastly,
 * our VCL) and `CDN-Cache-Control` (RFC 9213: Cloudflare and others), which override `Cache-Control` at the
 * edge only, so browsers and caches that are not purged keep today's `s-maxage`. Empty when there are no
 * tags or too many to send.
 * @param {Iterable<string>} tags
 * @param {{ revalidate?: number | false } | undefined} [cacheControl] the page's own lifetime (Next's `cacheControl`)
 * @returns {Record<string, string>}
 */
export function edgeHeaders(tags, cacheControl, env = process.env) {
  const keys = edgeKeys(tags);
  if (!keys.length) return {};
  const spaced = keys.join(' ');
  if (spaced.length > EDGE_KEYS_MAX_BYTES) return {};
  /** @type {Record<string, string>} */
  const headers = { 'surrogate-key': spaced, 'cache-tag': keys.join(',') };
  const revalidate = cacheControl?.revalidate;
  const timeBound = typeof revalidate === 'number' && revalidate < TIME_BOUND_BELOW;
  if (edgePurgeConfigured(env) && !timeBound) {
    const life = `max-age=${seconds(env.EDGE_MAX_AGE, EDGE_MAX_AGE)}, stale-while-revalidate=${seconds(env.EDGE_STALE, EDGE_STALE)}`;
    headers['surrogate-control'] = life;
    headers['cdn-cache-control'] = life;
  }
  return headers;
}
