import 'server-only';
/**
 * Deletes live events (comment_live_events, lib/dal/comments/live.ts) older than a day, every hour on every
 * instance: a reader resumes from the last minutes; anything older is a "show new comments" load anyway.
 */
import { sweepLiveEvents } from '@/lib/dal/comments/live';
import { now } from '@/lib/clock';
import { startPeriodicJob } from './periodic';

export const LIVE_EVENTS_KEPT_MS = 24 * 3600_000;

export function startLiveEventSweep(): void {
  startPeriodicJob('live event sweep', 3600_000, () => sweepLiveEvents(new Date(now().getTime() - LIVE_EVENTS_KEPT_MS)));
}
