import 'server-only';
/**
 * One LISTEN per process on the comment events channel, fanned out to every open event stream. NOTIFY is
 * sent by the comments DAL after a comment is published, so streams on every app instance sharing the
 * database hear it.
 */
import { getDatabase } from '@/db/client';
import { LIVE_CHANNEL, type LiveEvent } from '@/lib/dal/comments';
import { scheduleFlush } from '@/lib/mail/comment-notifications';

type Sub = (e: LiveEvent) => void;
type Hub = {
  subs: Map<string, Set<Sub>>;
  listening?: Promise<void>;
  unlisten?: () => Promise<void>;
  streams?: Set<() => void>;
  closing?: boolean;
};
const hub: Hub = ((globalThis as { __broadsheetCommentHub?: Hub }).__broadsheetCommentHub ??= { subs: new Map() });

async function ensureListening() {
  hub.listening ??= (async () => {
    const db = await getDatabase();
    hub.unlisten = await db.listen(LIVE_CHANNEL, (payload) => {
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

/** True once the process is shutting down: new streams are refused. */
export function liveShuttingDown(): boolean {
  return !!hub.closing;
}

/** Registers an open event stream's close function, so shutdown can end it; returns the unregister function. */
export function trackStream(close: () => void): () => void {
  const streams = (hub.streams ??= new Set());
  streams.add(close);
  return () => void streams.delete(close);
}

/**
 * Shutdown (SIGTERM/SIGINT, see instrumentation.ts): an event stream never ends by itself, and the server
 * waits for every open response before it exits. Ends every stream (browsers reconnect to another instance
 * after `retry`) and the LISTEN subscription. Returns how many streams were closed.
 */
export async function closeLiveStreams(): Promise<number> {
  hub.closing = true;
  const streams = [...(hub.streams ?? [])];
  hub.streams?.clear();
  for (const close of streams) {
    try {
      close();
    } catch {
      // already closed
    }
  }
  const unlisten = hub.unlisten;
  hub.unlisten = undefined;
  hub.listening = undefined;
  await unlisten?.().catch(() => {});
  return streams.length;
}
