import 'server-only';
/**
 * Readers' reactions to a comment: votes (verified accounts only, one per reader, the score kept exact in
 * the same transaction) and reports for the moderators, both only on a comment the reader can see
 * (./visible.ts). A counted vote changes the score every reader
 * sees, so it dirties the thread's cache tag; a report changes nothing public.
 */
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { commentFlags, comments, commentVotes } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { UserError } from '@/lib/errors';
import { assertNotBanned, assertVerified, type Viewer } from '@/lib/dal/session';
import { threadTags } from './tags';
import { requireVisibleComment } from './visible';

/** Up (1), down (-1) or withdraw (0); one vote per user per comment, the score updated in the same transaction. */
export async function castVote(viewer: Viewer, commentId: number, value: -1 | 0 | 1) {
  assertNotBanned(viewer);
  // A vote is one click: ten fresh unverified accounts would be ten votes. Only verified addresses count.
  assertVerified(viewer, 'vote');
  const db = await getDb();
  const { changed, ...result } = await db.transaction(async (tx) => {
    const c = await requireVisibleComment(tx, commentId, { lock: true, unavailable: 'That comment is not available for voting.' });
    if (c.authorId === viewer.id) throw new UserError('You cannot vote on your own comment.');
    const [old] = await tx
      .select({ value: commentVotes.value })
      .from(commentVotes)
      .where(and(eq(commentVotes.commentId, commentId), eq(commentVotes.userId, viewer.id)))
      .limit(1);
    const before = old?.value ?? 0;
    if (before === value) {
      const [cur] = await tx
        .select({ score: comments.score, upvotes: comments.upvotes, downvotes: comments.downvotes })
        .from(comments)
        .where(eq(comments.id, commentId));
      return { ...cur, value, articleId: c.articleId, changed: false };
    }
    if (value === 0) {
      await tx.delete(commentVotes).where(and(eq(commentVotes.commentId, commentId), eq(commentVotes.userId, viewer.id)));
    } else {
      await tx
        .insert(commentVotes)
        .values({ commentId, userId: viewer.id, value })
        .onConflictDoUpdate({ target: [commentVotes.commentId, commentVotes.userId], set: { value, createdAt: new Date() } });
    }
    const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
    const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
    const [after] = await tx
      .update(comments)
      .set({
        upvotes: sql`${comments.upvotes} + ${up}`,
        downvotes: sql`${comments.downvotes} + ${down}`,
        score: sql`${comments.score} + ${up - down}`,
      })
      .where(eq(comments.id, commentId))
      .returning({ score: comments.score, upvotes: comments.upvotes, downvotes: comments.downvotes });
    return { ...after, value, articleId: c.articleId, changed: true };
  });
  if (changed) await invalidate(threadTags([result.articleId], false));
  return result;
}

/** Report a comment with a reason (one report per user per comment; a second one updates the reason). */
export async function flagComment(viewer: Viewer, commentId: number, reason: string) {
  assertNotBanned(viewer);
  assertVerified(viewer, 'report comments');
  const db = await getDb();
  const c = await requireVisibleComment(db, commentId);
  if (c.authorId === viewer.id) throw new UserError('You cannot report your own comment.');
  await db
    .insert(commentFlags)
    .values({ commentId, userId: viewer.id, reason: reason.slice(0, 600) })
    .onConflictDoUpdate({
      target: [commentFlags.commentId, commentFlags.userId],
      set: { reason: reason.slice(0, 600), createdAt: new Date(), resolvedAt: null },
    });
  return { articleId: c.articleId };
}
