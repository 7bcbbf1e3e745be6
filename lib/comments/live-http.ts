import 'server-only';
/**
 * GET /api/comments/stream?articleId=... : the live-comments event stream of one article, public and read-only.
 *
 * Served at the Node http level by server.mjs (through `globalThis.__broadsheetLiveStream`, set by
 * instrumentation.ts): a Next route handler costs a web Request, a ReadableStream and its pipe per open
 * connection, several times the memory of a bare ServerResponse, and a breaking story holds thousands open
 * (docs/live-comments.md has the figures). `next dev` and a bare `next start` serve the same stream through
 * app/api/comments/stream/route.ts. Both answer like every other route: proxy.ts's gate (400 for a malformed
 * address, 503 while the database is unreachable), its security headers, then the article check.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isConnectionError, noteDatabaseError, RETRY_AFTER_SECONDS } from '@/db/client';
import { getArticleForComments } from '@/lib/dal/comments';
import { gateRequest } from '@/lib/request-gate';
import { securityHeaders } from '@/lib/security-headers';
import { STATIC_SECURITY_HEADERS } from '@/lib/static-headers.mjs';
import { hasControlChars } from '@/lib/validation/text';
import { liveShuttingDown, maxBufferBytes, subscribe, type LiveClient } from './live';

export const STREAM_PATH = '/api/comments/stream';

/** The stream's response headers: never cached, never buffered by nginx (X-Accel-Buffering), never compressed. */
export const STREAM_HEADERS: [string, string][] = [
  ['content-type', 'text/event-stream; charset=utf-8'],
  ['cache-control', 'no-cache, no-transform'],
  ['x-accel-buffering', 'no'],
];

/** The first bytes of every stream: the browser's reconnection delay, and a comment that flushes the headers. */
export const STREAM_PREAMBLE = 'retry: 5000\n: connected\n\n';

/** Security headers every answer carries (as on any page). */
export function allSecurityHeaders(): [string, string][] {
  return [...STATIC_SECURITY_HEADERS.map((h): [string, string] => [h.key.toLowerCase(), h.value]), ...securityHeaders()];
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } });
const unavailable = () => text(503, 'Temporarily unavailable, try again in a minute.', { 'retry-after': String(RETRY_AFTER_SECONDS) });

/** Article checks, remembered briefly: thousands of readers reconnecting at once cost one read per article. */
const ARTICLE_TTL_MS = 30_000;
type Known = { id: string | null; at: number };
const articles: Map<string, Known> = ((globalThis as { __broadsheetLiveArticles?: Map<string, Known> }).__broadsheetLiveArticles ??=
  new Map());

async function articleFor(articleId: string): Promise<string | null> {
  const hit = articles.get(articleId);
  if (hit && Date.now() - hit.at < ARTICLE_TTL_MS) return hit.id;
  const a = await getArticleForComments(articleId);
  if (articles.size > 5000) articles.clear();
  articles.set(articleId, { id: a?.id ?? null, at: Date.now() });
  return a?.id ?? null;
}

/** Last-Event-ID (header, or `lastEventId` in the address): a positive integer, else none. */
export function parseLastEventId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/**
 * Everything before the stream opens: the gate, the address, the article. A Response to answer with, or the
 * article's id and the event id to resume after.
 */
export async function prepareStream(
  url: URL,
  lastEventIdHeader: string | null,
): Promise<Response | { articleId: string; lastId: number | null }> {
  const early = await gateRequest(url.pathname, url.search, false);
  if (early) return early;
  const articleId = url.searchParams.get('articleId') ?? '';
  if (!articleId || articleId.length > 100 || hasControlChars(articleId)) return text(400, 'articleId required');
  if (liveShuttingDown()) return unavailable();
  let id: string | null;
  try {
    id = await articleFor(articleId);
  } catch (err) {
    if (!isConnectionError(err)) throw err;
    noteDatabaseError(err);
    return unavailable();
  }
  if (!id) return text(404, 'Not found');
  return { articleId: id, lastId: parseLastEventId(lastEventIdHeader ?? url.searchParams.get('lastEventId')) };
}

async function writeResponse(res: ServerResponse, response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  for (const [k, v] of allSecurityHeaders()) headers[k] = v;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves one stream on a Node ServerResponse (server.mjs). */
export async function serveLiveStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let prepared: Awaited<ReturnType<typeof prepareStream>>;
  try {
    prepared = await prepareStream(url, (req.headers['last-event-id'] as string | undefined) ?? null);
  } catch (err) {
    console.error('[live] stream refused', (err as Error).message);
    prepared = text(500, 'Something went wrong.');
  }
  if (prepared instanceof Response) return writeResponse(res, prepared);
  // The body goes out as it is, not in HTTP chunks, and the connection closes with the stream (it would anyway):
  // each frame is then one socket write of the shared bytes, with no chunk framing, cork or tick per stream.
  res.removeHeader('content-length');
  res.removeHeader('transfer-encoding');
  res.writeHead(200, Object.fromEntries([...STREAM_HEADERS, ['connection', 'close'], ...allSecurityHeaders()]));
  req.socket.setNoDelay(true);
  res.write(STREAM_PREAMBLE);
  const ceiling = maxBufferBytes();
  let closed = false;
  let off = () => {};
  const client: LiveClient = {
    send(frame) {
      if (closed) return false;
      // A reader that does not read: its unsent bytes stay in this process. Past the ceiling the connection
      // is dropped, which frees them; the browser reconnects and resumes with Last-Event-ID.
      if (res.writableLength + frame.length > ceiling) {
        closed = true;
        res.destroy();
        return false;
      }
      res.write(frame);
      return true;
    },
    close() {
      if (closed) return;
      closed = true;
      res.end();
    },
  };
  res.on('close', () => {
    closed = true;
    off();
  });
  try {
    off = await subscribe(prepared.articleId, prepared.lastId, client);
  } catch {
    // LISTEN failed (database unreachable): end the stream; the browser retries after `retry`.
    client.close();
    return;
  }
  if (closed) off();
}
