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
const { default: next } = await import('next');

const STREAM_PATH = '/api/comments/stream';
// LIVE_STREAM_IN_NEXT=1: leave the stream to the route handler too (app/api/comments/stream), for comparison.
const inNext = process.env.LIVE_STREAM_IN_NEXT === '1';
const server = http.createServer();
const app = next({ dev, hostname, port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();

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
  void handle(req, res);
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
