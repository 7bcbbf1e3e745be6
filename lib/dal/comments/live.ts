import 'server-only';
/**
 * Live events: a comment became visible (posted, or approved by a moderator). Sent with Postgres NOTIFY so
 * the event streams on every app instance hear it (lib/comments/live.ts listens and fans out).
 */
import { getDatabase } from '@/db/client';

export const LIVE_CHANNEL = 'comment_events';

export type LiveEvent = { type: 'comment'; articleId: string; id: number; parentId: number | null; authorId: string };

/** Tells every app instance (Postgres NOTIFY) that a comment became visible, for the live "new comments" bar. */
export async function publishEvent(event: LiveEvent) {
  try {
    await (await getDatabase()).notify(LIVE_CHANNEL, JSON.stringify(event));
  } catch {
    // Live updates are a nicety: a failed NOTIFY must not fail the write.
  }
}
