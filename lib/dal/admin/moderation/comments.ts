import 'server-only';
/**
 * Moderators' decisions on comments (comments:moderate): approve, reject with a reason, spam, trash, pin,
 * edit. Each is one transaction with its audit entries; the counts readers see are recomputed from the
 * approved comments in that transaction. Every decision dirties the threads and counts of the articles it
 * touched; a held comment approved now is announced like a fresh one (notifications, live bar).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { commentEdits, commentFlags, comments, type CommentStatus } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { extractMentions, renderCommentMarkdown } from '@/lib/comments/markdown';
import { recountComments } from '@/lib/dal/comments/counters';
import { hashBody } from '@/lib/dal/comments/duplicates';
import { publishEvents, recordLiveEvent, type LiveNotice } from '@/lib/dal/comments/live';
import { threadTags } from '@/lib/dal/comments/tags';
import { queueNotifications } from '@/lib/dal/subscriptions';
import { recordAudit } from '@/lib/dal/audit';
import { NotFoundError, UserError } from '@/lib/errors';
import { scheduleFlush } from '@/lib/mail/comment-notifications';
import { requireStaff } from '../guard';

export type ModerationResult = { articleIds: string[]; changed: number };

const STATUS_FOR: Record<'approve' | 'spam' | 'trash', CommentStatus> = { approve: 'approved', spam: 'spam', trash: 'trash' };

/** Approve, mark as spam or trash several comments at once; resolves their flags. */
export async function moderateComments(ids: number[], action: 'approve' | 'spam' | 'trash', reason?: string): Promise<ModerationResult> {
  const viewer = await requireStaff('comments:moderate');
  const db = await getDb();
  const status = STATUS_FOR[action];
  return db
    .transaction(async (tx) => {
      const before = await tx
        .select({
          id: comments.id,
          status: comments.status,
          articleId: comments.articleId,
          parentId: comments.parentId,
          rejectReason: comments.rejectReason,
          authorId: comments.authorId,
        })
        .from(comments)
        .where(inArray(comments.id, ids))
        .for('update');
      if (before.length === 0) throw new NotFoundError('Those comments no longer exist.');
      const rejectReason = action === 'approve' ? null : (reason ?? null);
      await tx
        .update(comments)
        .set({ status, rejectReason })
        .where(
          inArray(
            comments.id,
            before.map((b) => b.id),
          ),
        );
      await tx
        .update(commentFlags)
        .set({ resolvedAt: new Date() })
        .where(
          and(
            inArray(
              commentFlags.commentId,
              before.map((b) => b.id),
            ),
            isNull(commentFlags.resolvedAt),
          ),
        );
      for (const b of before) {
        await recordAudit(
          {
            actorId: viewer.id,
            action: reason ? 'comment.reject' : `comment.${action}`,
            entityType: 'comment',
            entityId: b.id,
            before: { status: b.status, rejectReason: b.rejectReason, articleId: b.articleId, authorId: b.authorId },
            after: { status, rejectReason },
          },
          tx,
        );
      }
      const articleIds = [...new Set(before.map((b) => b.articleId))];
      await recountComments(tx, articleIds, [...new Set(before.map((b) => b.parentId).filter((p): p is number => p != null))]);
      // A held comment that is approved now reaches readers like a fresh one: subscribers, the replied-to
      // author and mentioned users are notified, and open pages get the live "new comments" bar.
      const published = status === 'approved' ? before.filter((b) => b.status === 'pending') : [];
      for (const b of published) {
        const parent = alias(comments, 'parent');
        const [row] = await tx
          .select({ body: comments.body, parentAuthorId: parent.authorId })
          .from(comments)
          .leftJoin(parent, eq(parent.id, comments.parentId))
          .where(eq(comments.id, b.id));
        if (!row || !b.authorId) continue;
        await queueNotifications(tx, {
          commentId: b.id,
          articleId: b.articleId,
          authorId: b.authorId,
          parentAuthorId: row.parentAuthorId ?? null,
          mentions: extractMentions(row.body),
        });
      }
      // Open pages: an approved comment appears, a removed one disappears.
      const notices: LiveNotice[] = [];
      for (const b of published) notices.push(await recordLiveEvent(tx, b.articleId, b.id, 'comment'));
      if (status !== 'approved') {
        for (const b of before.filter((x) => x.status === 'approved')) notices.push(await recordLiveEvent(tx, b.articleId, b.id, 'remove'));
      }
      return { articleIds, changed: before.length, published, notices };
    })
    .then(async ({ published, notices, ...result }) => {
      await invalidate(threadTags(result.articleIds, true));
      await publishEvents(notices);
      if (published.length) scheduleFlush();
      return result;
    });
}

/** Rejects one comment with a reason its author can see (status trash, reject_reason set). */
export async function rejectComment(id: number, reason: string): Promise<ModerationResult> {
  return moderateComments([id], 'trash', reason);
}

export async function setCommentPinned(id: number, pinned: boolean): Promise<ModerationResult> {
  const viewer = await requireStaff('comments:moderate');
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ pinned: comments.pinned, articleId: comments.articleId, status: comments.status })
      .from(comments)
      .where(eq(comments.id, id))
      .for('update');
    if (!before) throw new NotFoundError('That comment no longer exists.');
    if (pinned && before.status !== 'approved') throw new UserError('Approve the comment before pinning it.');
    await tx.update(comments).set({ pinned }).where(eq(comments.id, id));
    await recordAudit(
      {
        actorId: viewer.id,
        action: pinned ? 'comment.pin' : 'comment.unpin',
        entityType: 'comment',
        entityId: id,
        before: { pinned: before.pinned },
        after: { pinned },
      },
      tx,
    );
    const notice = before.status === 'approved' ? await recordLiveEvent(tx, before.articleId, id, 'pin') : null;
    return { articleIds: [before.articleId], changed: 1, notice };
  });
  const { notice, ...answer } = result;
  await invalidate(threadTags(answer.articleIds, true));
  if (notice) await publishEvents([notice]);
  return answer;
}

/**
 * Edits a comment's text as a moderator (e.g. to remove a slur or a phone number): the earlier text is
 * kept in comment_edits and the change is audited.
 */
export async function editComment(id: number, body: string): Promise<ModerationResult> {
  const viewer = await requireStaff('comments:moderate');
  const text = body.trim();
  if (!text) throw new UserError('A comment cannot be empty.', 400, { body: ['A comment cannot be empty.'] });
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ body: comments.body, articleId: comments.articleId, status: comments.status })
      .from(comments)
      .where(eq(comments.id, id))
      .for('update');
    if (!before) throw new NotFoundError('That comment no longer exists.');
    if (before.body === text) throw new UserError('Nothing changed.');
    await tx.insert(commentEdits).values({ commentId: id, body: before.body, editorId: viewer.id });
    await tx
      .update(comments)
      .set({
        body: text,
        bodyHtml: renderCommentMarkdown(text),
        contentHash: hashBody(text),
        editedAt: new Date(),
      })
      .where(eq(comments.id, id));
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'comment.edit',
        entityType: 'comment',
        entityId: id,
        before: { body: before.body },
        after: { body: text },
      },
      tx,
    );
    const notice = before.status === 'approved' ? await recordLiveEvent(tx, before.articleId, id, 'edit') : null;
    return { articleIds: [before.articleId], changed: 1, notice };
  });
  const { notice, ...answer } = result;
  await invalidate(threadTags(answer.articleIds, true));
  if (notice) await publishEvents([notice]);
  return answer;
}
