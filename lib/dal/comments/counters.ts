import 'server-only';
/**
 * The counts readers see beside a thread: articles.comment_count (approved, not deleted comments) and
 * comments.reply_count (approved direct replies; a deleted comment keeps its place and its replies, so it
 * stays counted as a reply). Kept in the transaction of the write that changes them.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articles, comments } from '@/db/schema';

/** A new approved comment: one more on the article, one more reply under its parent. */
export async function countNewComment(tx: DbOrTx, articleId: string, parentId: number | null): Promise<void> {
  await tx
    .update(articles)
    .set({ commentCount: sql`${articles.commentCount} + 1` })
    .where(eq(articles.id, articleId));
  if (parentId)
    await tx
      .update(comments)
      .set({ replyCount: sql`${comments.replyCount} + 1` })
      .where(eq(comments.id, parentId));
}

/** An approved comment left the count (deleted, or held again after an edit); its parent's reply count stays. */
export async function uncountComment(tx: DbOrTx, articleId: string): Promise<void> {
  await tx
    .update(articles)
    .set({ commentCount: sql`greatest(0, ${articles.commentCount} - 1)` })
    .where(eq(articles.id, articleId));
}

/** Recounts from the rows themselves (after moderation changed several statuses at once). */
export async function recountComments(tx: DbOrTx, articleIds: string[], parentIds: number[]): Promise<void> {
  for (const articleId of articleIds) {
    await tx
      .update(articles)
      .set({
        commentCount: sql`(select count(*)::int from ${comments} where ${comments.articleId} = ${articleId} and ${comments.status} = 'approved' and ${comments.deletedAt} is null)`,
      })
      .where(eq(articles.id, articleId));
  }
  for (const parentId of parentIds) {
    await tx
      .update(comments)
      .set({
        replyCount: sql`(select count(*)::int from ${comments} c2 where c2.parent_id = ${parentId} and c2.status = 'approved')`,
      })
      .where(eq(comments.id, parentId));
  }
}
