/**
 * Process-wide hooks of the Next.js server (called once per server instance), Node runtime only:
 * - register: graceful shutdown that ends live-comment streams (lib/shutdown.ts), the live stream's handler for
 *   server.mjs (lib/comments/live-http.ts) and the sweep of old live events, and the publish job that
 *   makes scheduled articles public at their time on this instance (lib/publishing.ts), the periodic
 *   flush of comment-notification mail (lib/jobs/notification-flush.ts), the sweep of expired form
 *   results (lib/jobs/form-flash-sweep.ts), scheduled backups when BACKUP_DIR is set (lib/backup/schedule.ts)
 *   and, when EDGE_PURGE is set, the purge of the cache in front (lib/edge/purge.ts) with the campaign clock
 *   that purges campaigns whose days left changed (lib/jobs/campaign-clock.ts);
 * - onRequestError: a request that failed because the database server could not be reached marks the
 *   database down (db/client.ts), so the next requests get proxy.ts's 503 page at once instead of each
 *   failing on its own.
 */
import type { Instrumentation } from 'next';

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { registerShutdown } = await import('./lib/shutdown');
  registerShutdown();
  // server.mjs serves the live-comments stream itself, through this (lib/comments/live-http.ts).
  const { serveLiveStream } = await import('./lib/comments/live-http');
  (globalThis as { __broadsheetLiveStream?: typeof serveLiveStream }).__broadsheetLiveStream = serveLiveStream;
  // …and answers kept whole (lib/cache-handlers/response-cache.mjs) only while the proxy's gate would let the
  // request through: during a database outage every request reaches Next, which answers 503.
  const { databaseAvailable } = await import('./db/client');
  (globalThis as { __broadsheetDatabaseAvailable?: () => Promise<boolean> }).__broadsheetDatabaseAvailable = () => databaseAvailable();
  const { startLiveHub } = await import('./lib/comments/live');
  startLiveHub();
  const { startLiveEventSweep } = await import('./lib/jobs/live-event-sweep');
  startLiveEventSweep();
  const { startPublishJob } = await import('./lib/publishing');
  startPublishJob();
  const { startNotificationFlushJob } = await import('./lib/jobs/notification-flush');
  startNotificationFlushJob();
  const { startFormFlashSweep } = await import('./lib/jobs/form-flash-sweep');
  startFormFlashSweep();
  const { startBackupJob } = await import('./lib/backup/schedule');
  startBackupJob();
  const [{ startEdgePurge }, { onExpired }] = await Promise.all([import('./lib/edge/purge'), import('./lib/cache-invalidate')]);
  if (startEdgePurge(onExpired)) {
    const { startCampaignClock } = await import('./lib/jobs/campaign-clock');
    startCampaignClock();
  }
}

export const onRequestError: Instrumentation.onRequestError = async (err) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { noteDatabaseError } = await import('./db/client');
  noteDatabaseError(err);
};
