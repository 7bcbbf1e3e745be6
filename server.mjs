#!/usr/bin/env node
/**
 * `npm start`: the production server. Next's documented custom server (`next({ dev, hostname, port })` and
 * `getRequestHandler()`, node_modules/next/dist/docs/01-app/02-guides/custom-server.md) with one address
 * answered before Next: GET /api/comments/stream, the live-comments event stream, served on the bare Node
 * response by lib/comments/live-http.ts (instrumentation.ts hands it over as `globalThis.__broadsheetLiveStream`).
 * A breaking story holds thousands of these open; a route handler costs several times the memory per stream
 * (docs/live-comments.md). Every other request goes to Next unchanged.
 *
 *   PORT (default 3000), HOSTNAME (default 0.0.0.0); `node server.mjs -p 3200 -H 127.0.0.1` also works.
 *   NODE_ENV=development (`node server.mjs --dev`) runs `next dev` behind it.
 * SIGTERM/SIGINT: the streams are ended (lib/shutdown.ts), requests in flight finish, then the process exits.
 */
import http from 'node:http';
import os from 'node:os';
import v8 from 'node:v8';

const args = process.argv.slice(2);
const flag = (short, long) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
};
const dev = args.includes('--dev') || process.env.NODE_ENV === 'development';
const port = Number(flag('-p', '--port') ?? process.env.PORT ?? 3000);
const hostname = flag('-H', '--hostname') ?? process.env.HOSTNAME ?? '0.0.0.0';
process.env.NODE_ENV ||= dev ? 'development' : 'production';
process.env.PORT = String(port);

// Memory (docs/caching.md, "Memory"): by default V8 lets the old generation grow to up to four times what survived
// the last full collection before it collects again; serving pages allocates fast and keeps little, so an
// instance sat at 600 MB after the benchmark with two thirds of its heap garbage. A growing factor of 1.2
// collects sooner without capping anything (a heap limit would crash the instance on a large import or a
// live-comment storm). HEAP_GROWING_PERCENT: 20 by default, 0 leaves V8's own policy; the V8 flag given on the
// command line (`node --heap-growing-percent=N server.mjs`) wins.
const growing = process.env.HEAP_GROWING_PERCENT ?? '20';
if (!/^\d{1,3}$/.test(growing)) throw new Error(`HEAP_GROWING_PERCENT must be a whole number (got "${growing}")`);
const flagged = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) =>
  /^--heap[-_]growing[-_]percent/.test(a),
);
if (growing !== '0' && !flagged) v8.setFlagsFromString(`--heap-growing-percent=${growing}`);

const { default: next } = await import('next');

const STREAM_PATH = '/api/comments/stream';
// LIVE_STREAM_IN_NEXT=1: leave the stream to the route handler too (app/api/comments/stream), for comparison.
const inNext = process.env.LIVE_STREAM_IN_NEXT === '1';
const server = http.createServer();
const app = next({ dev, hostname, port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();
// Public pages' answers kept whole and sent before Next (docs/edge.md, "The origin's tail"); after prepare(),
// which loads .env (REDIS_URL, CACHE_RESPONSES_MAX_MB).
const { createResponseCache } = await import('./lib/cache-handlers/response-cache.mjs');
const { limits } = await import('./lib/cache-handlers/limits.mjs');
const g = /** @type {{ __broadsheetDatabaseAvailable?: () => Promise<boolean> }} */ (globalThis);
const responses = createResponseCache({
  maxBytes: limits().responsesBytes,
  databaseAvailable: () => g.__broadsheetDatabaseAvailable?.() ?? Promise.resolve(true),
});

server.on('request', (req, res) => {
  const live = /** @type {{ __broadsheetLiveStream?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> }} */ (
    globalThis
  ).__broadsheetLiveStream;
  const path = req.url?.split('?', 1)[0];
  if (live && !inNext && req.method === 'GET' && path === STREAM_PATH) {
    live(req, res).catch((err) => {
      console.error('[live] stream failed', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
    return;
  }
  responses.serve(req, res).then(
    (served) => served || handle(req, res),
    (err) => {
      console.error('[cache] the response cache failed; Next answers', err);
      return handle(req, res);
    },
  );
});
server.listen(port, hostname, () => {
  // "Ready in": what scripts and tests wait for, as with `next start`.
  console.log(` ✓ Ready in ${Math.round(performance.now())}ms`);
  console.log(`> Broadsheet on http://${hostname}:${port} (${dev ? 'development' : 'production'}, live stream served by server.mjs)`);
});

let stopping = false;
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    // lib/shutdown.ts (registered by instrumentation.ts) ends the streams on the same signal; then the server
    // stops taking connections and exits when the last request has finished, with the code `next start` uses
    // (128 + the signal's number: 143 for SIGTERM, 130 for SIGINT).
    const code = 128 + os.constants.signals[sig];
    setImmediate(() => {
      server.close(() => process.exit(code));
      server.closeIdleConnections?.();
      setTimeout(() => process.exit(code), 10_000).unref();
    });
  });
}
