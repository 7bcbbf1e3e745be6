import 'server-only';
/**
 * A reader's changes to their own comment: edit within the edit window (the earlier text kept for staff;
 * new text goes through the hold rules again) and soft delete (the text goes, the replies stay).
 * A change to an approved comment dirties the thread's cache tags; a change to a held one dirties nothing.
 */
import { eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { commentEdits, comments } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import { holdReasons, holdReasonText } from '@/lib/comments/moderation';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import { loadSettings } from '@/lib/settings';
import { assertNotBanned, type Viewer } from '@/lib/dal/session';
import { uncountComment } from './counters';
import { hashBody } from './duplicates';
import { UNVERIFIED_COMMENT_MESSAGE } from './posting';
import { publishEvents, recordLiveEvent, type LiveNotice } from './live';
import { threadTags } from './tags';

async function ownComment(tx: DbOrTx, viewer: Viewer, id: number) {
  const [c] = await tx.select().from(comments).where(eq(comments.id, id)).for('update').limit(1);
  if (!c || c.deletedAt) throw new NotFoundError('That comment does not exist.');
  if (c.authorId !== viewer.id) throw new ForbiddenError('You can only change your own comments.');
  return c;
}

/** Edits within the edit window; the earlier text is kept in comment_edits for staff. */
export async function editComment(viewer: Viewer, id: number, body: string) {
  assertNotBanned(viewer);
  const settings = await loadSettings();
  const db = await getDb();
  const { wasPublic, ...result } = await db.transaction(async (tx) => {
    const c = await ownComment(tx, viewer, id);
    if (Date.now() - c.createdAt.getTime() > settings.editWindowMinutes * 60_000) {
      throw new UserError(`Comments can be edited for ${settings.editWindowMinutes} minutes after posting.`);
    }
    if (c.status === 'spam' || c.status === 'trash') throw new UserError('A removed comment cannot be edited.');
    if (!viewer.emailVerified && settings.unverifiedComments === 'refuse')
      throw new UserError(UNVERIFIED_COMMENT_MESSAGE, 403, undefined, 'unverified');
    if (c.body === body) return { articleId: c.articleId, status: c.status, holdReason: c.holdReason, wasPublic: false, notice: null };
    await tx.insert(commentEdits).values({ commentId: c.id, body: c.body, editorId: viewer.id });
    const reasons = holdReasons(body, {
      bannedWords: settings.bannedWords,
      suspectWords: settings.suspectWords,
      linkLimit: settings.linkLimit,
      holdFirstComment: false,
      premoderated: viewer.premoderated,
      firstComment: false,
      unverified: !viewer.emailVerified,
    });
    const holdReason = holdReasonText(reasons) ?? (c.status === 'pending' ? c.holdReason : null);
    const status = holdReason ? 'pending' : c.status;
    await tx
      .update(comments)
      .set({
        body,
        bodyHtml: renderCommentMarkdown(body),
        contentHash: hashBody(body),
        editedAt: new Date(),
        status,
        holdReason,
      })
      .where(eq(comments.id, c.id));
    if (c.status === 'approved' && status === 'pending') await uncountComment(tx, c.articleId);
    // Open pages get the new text, or lose the comment when it is held again.
    const notice: LiveNotice | null =
      c.status === 'approved' ? await recordLiveEvent(tx, c.articleId, c.id, status === 'approved' ? 'edit' : 'remove') : null;
    return { articleId: c.articleId, status, holdReason, wasPublic: c.status === 'approved', notice };
  });
  const { notice, ...answer } = result;
  // New text, or the comment held again and gone from the thread (and from the count).
  if (wasPublic) await invalidate(threadTags([answer.articleId], true));
  if (notice) await publishEvents([notice]);
  return answer;
}

/** Soft delete: the text goes, the replies stay under "comment deleted". */
export async function deleteComment(viewer: Viewer, id: number) {
  const db = await getDb();
  const { wasPublic, ...result } = await db.transaction(async (tx) => {
    const c = await ownComment(tx, viewer, id);
    await tx.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, c.id));
    if (c.status === 'approved') await uncountComment(tx, c.articleId);
    const notice = c.status === 'approved' ? await recordLiveEvent(tx, c.articleId, c.id, 'delete') : null;
    return { articleId: c.articleId, wasPublic: c.status === 'approved', notice };
  });
  const { notice, ...answer } = result;
  if (wasPublic) await invalidate(threadTags([answer.articleId], true));
  if (notice) await publishEvents([notice]);
  return answer;
}
