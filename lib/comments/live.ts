import 'server-only';
/**
 * One LISTEN per process on the comment events channel, fanned out to every open event stream. NOTIFY is
 * sent by the comments DAL after a comment is published, so streams on every app instance sharing the
 * database hear it.
 */
import { getDatabase } from '@/db/client';
import { LIVE_CHANNEL, type LiveEvent } from '@/lib/dal/comments';
import { scheduleFlush } from '@/lib/dal/subscriptions';

type Sub = (e: LiveEvent) => void;
type Hub = { subs: Map<string, Set<Sub>>; listening?: Promise<void> };
const hub: Hub = ((globalThis as { __broadsheetCommentHub?: Hub }).__broadsheetCommentHub ??= { subs: new Map() });

async function ensureListening() {
  hub.listening ??= (async () => {
    const db = await getDatabase();
    await db.listen(LIVE_CHANNEL, (payload) => {
      try {
        const event = JSON.parse(payload) as LiveEvent;
        for (const s of hub.subs.get(event.articleId) ?? []) s(event);
      } catch {
        // not ours
      }
    });
    // The periodic notification flush runs in whichever process serves readers.
    scheduleFlush();
  })().catch((err) => {
    hub.listening = undefined;
    throw err;
  });
  return hub.listening;
}

/** Subscribes to new-comment events of one article; returns the unsubscribe function. */
export async function onArticleComments(articleId: string, fn: Sub): Promise<() => void> {
  await ensureListening();
  const set = hub.subs.get(articleId) ?? new Set();
  set.add(fn);
  hub.subs.set(articleId, set);
  return () => {
    set.delete(fn);
    if (!set.size) hub.subs.delete(articleId);
  };
}
