/**
 * Graceful shutdown of a `next start` process (registered from instrumentation.ts, Node runtime only).
 * Next stops on SIGTERM/SIGINT by closing its HTTP server, which waits for every open response: an open
 * live-comments stream never ends by itself, so the process would stay up until the last reader left. We
 * end the streams (the browser's EventSource reconnects, to another instance) and close the LISTEN
 * connection; requests in flight still finish, then Next exits.
 */
import { closeHealthProbe } from '@/db/client';
import { closeLiveStreams } from '@/lib/comments/live';

export function registerShutdown(): void {
  const flag = globalThis as { __broadsheetShutdownHooked?: boolean };
  if (flag.__broadsheetShutdownHooked) return;
  flag.__broadsheetShutdownHooked = true;
  let started = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void (async () => {
      const streams = await closeLiveStreams();
      await closeHealthProbe();
      console.log(`[shutdown] ${signal}: closed ${streams} live comment stream(s); finishing requests in flight`);
    })().catch((err) => console.error('[shutdown] could not close live streams:', (err as Error).message));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
