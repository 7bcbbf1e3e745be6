import 'server-only';
/**
 * The periodic flush of comment-notification mail (lib/mail/comment-notifications.ts), once a minute on
 * every server instance, registered from instrumentation.ts. It sends what waited for the end of a batch
 * window, and what another instance queued; a flush also runs right after each published comment.
 */
import { asBackgroundWork } from '@/db/client';
import { scheduleFlush } from '@/lib/mail/comment-notifications';

export const FLUSH_EVERY_MS = 60_000;

type JobHolder = { timer?: ReturnType<typeof setInterval> };
const holder: JobHolder = ((globalThis as { __broadsheetNotifyFlushJob?: JobHolder }).__broadsheetNotifyFlushJob ??= {});

/** Starts the job in this process (once); the first periodic flush is a minute later. */
export function startNotificationFlushJob(): void {
  if (holder.timer) return;
  holder.timer = setInterval(() => asBackgroundWork(scheduleFlush), FLUSH_EVERY_MS);
  holder.timer.unref?.();
}

export function stopNotificationFlushJob(): void {
  if (holder.timer) clearInterval(holder.timer);
  holder.timer = undefined;
}
