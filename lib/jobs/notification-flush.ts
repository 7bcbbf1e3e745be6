import 'server-only';
/**
 * The periodic flush of comment-notification mail (lib/mail/comment-notifications.ts), once a minute on
 * every server instance, registered from instrumentation.ts. It sends what waited for the end of a batch
 * window, and what another instance queued; a flush also runs right after each published comment.
 */
import { scheduleFlush } from '@/lib/mail/comment-notifications';
import { startPeriodicJob } from './periodic';

export const FLUSH_EVERY_MS = 60_000;
const NAME = 'comment notification flush';

/** Starts the job in this process (once); the first periodic flush is a minute later. */
export function startNotificationFlushJob(): void {
  startPeriodicJob(NAME, FLUSH_EVERY_MS, scheduleFlush);
}
