import 'server-only';
/** What depends on the viewer, read uncached beside the cached thread: their votes, their own sources, their held comments. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { comments, commentVotes } from '@/db/schema';
import { isVisibleComment } from '@/lib/dal/visibility';

/** The viewer's votes on these comments: id -> 1 | -1. */
export async function getViewerVotes(viewerId: string, ids: number[]): Promise<Record<number, number>> {
  if (!ids.length) return {};
  const db = await getDb();
  const rows = await db
    .select({ id: commentVotes.commentId, value: commentVotes.value })
    .from(commentVotes)
    .where(and(eq(commentVotes.userId, viewerId), inArray(commentVotes.commentId, ids)));
  return Object.fromEntries(rows.map((r) => [r.id, r.value]));
}

/** Markdown source of the viewer's own (live, approved) comments among these, for their edit form. */
export async function getOwnCommentBodies(viewerId: string, ids: number[]): Promise<Record<number, string>> {
  if (!ids.length) return {};
  const db = await getDb();
  const rows = await db
    .select({ id: comments.id, body: comments.body })
    .from(comments)
    .where(and(eq(comments.authorId, viewerId), inArray(comments.id, ids), isVisibleComment()));
  return Object.fromEntries(rows.map((r) => [r.id, r.body]));
}

/** The viewer's own comments on this article that are held or were rejected, with the reasons. */
export async function listMyHeldComments(viewerId: string, articleId: string) {
  const db = await getDb();
  return db
    .select({
      id: comments.id,
      bodyHtml: comments.bodyHtml,
      status: comments.status,
      holdReason: comments.holdReason,
      rejectReason: comments.rejectReason,
      createdAt: comments.createdAt,
      parentId: comments.parentId,
    })
    .from(comments)
    .where(
      and(
        eq(comments.authorId, viewerId),
        eq(comments.articleId, articleId),
        inArray(comments.status, ['pending', 'trash', 'spam']),
        sql`${comments.deletedAt} is null`,
      ),
    )
    .orderBy(sql`${comments.createdAt} desc`)
    .limit(20);
}
