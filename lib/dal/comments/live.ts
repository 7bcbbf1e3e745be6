import 'server-only';
/**
 * Live events: a change open pages of a thread are told about (lib/comments/live.ts fans them out).
 * recordLiveEvent() writes the event row in the change's own transaction (its id is the stream's event id,
 * the same on every app instance); publishEvents() sends one Postgres NOTIFY per event after the commit, so
 * every instance hears it once and reads the comment once (loadLiveComment).
 *
 * Kinds: `comment` a comment became visible (posted, or approved by a moderator); `edit` its text changed;
 * `delete` its author deleted it (a tombstone stays); `remove` a moderator took it out of the thread (spam,
 * trash, or held again after an edit); `pin` it was pinned or unpinned. Only changes of comments readers may
 * see are recorded: a held comment's post or edit records nothing.
 */
import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import { getDatabase, getDb, queryRows, type DbOrTx } from '@/db/client';
import { alias } from 'drizzle-orm/pg-core';
import { articles, commentLiveEvents, comments, users, type LiveEventKind } from '@/db/schema';
import { isListedComment, isPublic } from '@/lib/dal/visibility';
import { markSupporters, COLS, toNode, type CommentNode, type Row } from './rows';

export const LIVE_CHANNEL = 'comment_events';

const c = alias(comments, 'c');

/** The NOTIFY payload: event id, article, comment, kind (short keys: one message per event per instance). */
export type LiveNotice = { e: number; a: string; c: number; k: LiveEventKind };

/** Records a live event in the write's transaction; publish what it returns with publishEvents after the commit. */
export async function recordLiveEvent(tx: DbOrTx, articleId: string, commentId: number, kind: LiveEventKind): Promise<LiveNotice> {
  const [row] = await tx.insert(commentLiveEvents).values({ articleId, commentId, kind }).returning({ id: commentLiveEvents.id });
  return { e: row.id, a: articleId, c: commentId, k: kind };
}

/** Tells every app instance (Postgres NOTIFY) about committed live events. */
export async function publishEvents(notices: LiveNotice[]) {
  if (!notices.length) return;
  try {
    const database = await getDatabase();
    for (const n of notices) await database.notify(LIVE_CHANNEL, JSON.stringify(n));
  } catch {
    // Live updates are a nicety: a failed NOTIFY must not fail the write (readers see it on their next load).
  }
}

/** What a reader's page needs to show a comment, as the live stream carries it (no Markdown source, no moderation notes). */
export type LiveComment = Omit<CommentNode, 'body' | 'status' | 'holdReason' | 'replies' | 'moreReplies'>;

/**
 * The one read an instance makes per live event: the comment as readers see it, or `null` when readers may not
 * see it (held, spam, trash, missing, or its article not public).
 */
export async function loadLiveComment(commentId: number): Promise<LiveComment | null> {
  const db = await getDb();
  const [r] = await queryRows<Row>(
    db,
    sql`
    select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
    where c.id = ${commentId} and ${isListedComment(c)}
      and exists (select 1 from ${articles} where ${articles.id} = c.article_id and ${isPublic})`,
  );
  if (!r) return null;
  const node = toNode(r);
  try {
    await markSupporters([node]);
  } catch {
    // The badge comes from a cached read; without it the comment still shows.
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { body, status, holdReason, replies, moreReplies, ...live } = node;
  return live;
}

/** The newest event id (the hub's starting point: later ones are heard through LISTEN). */
export async function latestLiveEventId(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ id: sql<number>`coalesce(max(${commentLiveEvents.id}), 0)::bigint` }).from(commentLiveEvents);
  return Number(row?.id ?? 0);
}

/**
 * The article's newest event id, read before its thread: a page rendered with the thread resumes its stream
 * from here, so a change made between the render and the stream's opening is not lost.
 */
export async function latestArticleEventId(articleId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ id: sql<number>`coalesce(max(${commentLiveEvents.id}), 0)::bigint` })
    .from(commentLiveEvents)
    .where(eq(commentLiveEvents.articleId, articleId));
  return Number(row?.id ?? 0);
}

/** How many comments became visible on the article after event `afterId` (a reader resuming beyond the backlog). */
export async function countNewCommentsSince(articleId: string, afterId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(commentLiveEvents)
    .where(and(eq(commentLiveEvents.articleId, articleId), gt(commentLiveEvents.id, afterId), eq(commentLiveEvents.kind, 'comment')));
  return Number(row?.n ?? 0);
}

/** Deletes events older than `before` (a periodic sweep: resuming needs only the last minutes). */
export async function sweepLiveEvents(before: Date): Promise<void> {
  const db = await getDb();
  await db.delete(commentLiveEvents).where(lt(commentLiveEvents.createdAt, before));
}
