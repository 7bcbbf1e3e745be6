'use server';
/**
 * Comment writes: post, edit, delete, vote, report. Each is a schema and a DAL call (lib/actions/safe-action.ts);
 * the DAL authorizes and dirties the cached thread. What is particular to comments is where a post without
 * JavaScript lands: the article page is cached and cannot show a refusal, so a refused or held comment goes to
 * a page rendered per request (the article's "respond" page, or the parent comment's own page) that shows the
 * message and what the reader typed.
 */
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { postFormKey, voteFormKey } from '@/lib/actions/form-flash';
import { action } from '@/lib/actions/safe-action';
import { castVote, deleteComment, editComment, flagComment, getArticleForComments, postComment, type PostResult } from '@/lib/dal/comments';
import { UserError } from '@/lib/errors';
import {
  commentIdSchema,
  editCommentSchema,
  flagSchema,
  postCommentSchema,
  safeBackPath,
  verifyEmailHref,
  voteSchema,
} from '@/lib/validation/comment';

const signedOut = { message: 'Please sign in to take part in the conversation.' };
const checkComment = (e: Record<string, string[]>) => e.body?.[0] ?? 'Please check your comment.';
const parentOf = (fd: FormData) => {
  const p = z.coerce.number().int().positive().safeParse(fd.get('parentId'));
  return p.success ? p.data : null;
};

/** Why a new comment waits, and for an unverified author what ends the wait for the next ones. */
function heldMessage({ holdReason, heldUnverified }: Pick<PostResult, 'holdReason' | 'heldUnverified'>): string {
  const base = `Your comment is held for review: ${holdReason}. It will appear once a moderator approves it.`;
  return heldUnverified
    ? `${base} Verify your email address (open the link we mailed you) and your next comments will not wait for this.`
    : base;
}

/** Where a refused or held comment posted without JavaScript is shown: the parent's page, or the respond page. */
async function respondPage(_state: unknown, fd: FormData): Promise<string | null> {
  const article = await getArticleForComments(String(fd.get('articleId') ?? '')).catch(() => null);
  if (!article) return null;
  const parentId = parentOf(fd);
  return parentId ? `/article/${article.slug}/comments/${parentId}#respond` : `/article/${article.slug}/respond#respond`;
}

export const postCommentAction = action(
  {
    access: 'signed-in',
    signedOut,
    schema: postCommentSchema,
    invalid: checkComment,
    flash: (fd) => postFormKey(String(fd.get('articleId') ?? ''), parentOf(fd)),
    plainPostRedirect: respondPage,
  },
  async (d, { viewer, formData, plainPost }) => {
    let result;
    try {
      result = await postComment(viewer, {
        articleId: d.articleId,
        parentId: d.parentId,
        body: d.body,
        feedbackPointId: d.feedbackPointId,
        anchor: d.anchorExact
          ? { exact: d.anchorExact, prefix: d.anchorPrefix ?? '', suffix: d.anchorSuffix ?? '', start: d.anchorStart, end: d.anchorEnd }
          : undefined,
      });
    } catch (err) {
      // Without JavaScript the refusal needs a page of its own: it says why and offers a new verification link.
      if (err instanceof UserError && err.code === 'unverified' && (await plainPost())) {
        redirect(verifyEmailHref('comment-refused', safeBackPath(formData.get('back'), '/')));
      }
      throw err;
    }
    if (result.status === 'pending') {
      if (result.heldUnverified && (await plainPost())) {
        redirect(verifyEmailHref('comment-held', safeBackPath(formData.get('back'), `/article/${result.slug}`)));
      }
      return { ok: true, message: heldMessage(result), values: {} };
    }
    if (formData.get('stay') === '1') return { ok: true, message: 'Your comment was posted.', values: {} };
    const back =
      d.parentId || d.feedbackPointId || d.anchorExact
        ? `/article/${result.slug}/comments/${result.id}`
        : safeBackPath(formData.get('back'), `/article/${result.slug}`);
    redirect(`${back}#comment-${result.id}`);
  },
);

/** Edit one's own comment within the edit window. Without JavaScript the comment's own page shows the result. */
export const editCommentAction = action(
  {
    access: 'signed-in',
    signedOut,
    schema: editCommentSchema,
    invalid: checkComment,
    flash: (fd) => `edit:${String(fd.get('commentId'))}`,
  },
  async (data, { viewer, values }) => {
    const r = await editComment(viewer, data.commentId, data.body);
    if (r.status === 'pending') return { ok: true, message: `Your edit is held for review: ${r.holdReason}.`, values };
    return { ok: true, message: 'Saved.', values };
  },
);

export const deleteCommentAction = action(
  {
    access: 'signed-in',
    signedOut,
    schema: commentIdSchema,
    invalid: 'Unknown comment.',
    flash: (fd) => `delete:${String(fd.get('commentId'))}`,
  },
  async (data, { viewer }) => {
    await deleteComment(viewer, data.commentId);
    return { ok: true, message: 'Comment deleted.' };
  },
);

/**
 * Vote as a plain form post (no JavaScript): back to the comment afterwards, where a refusal is shown (the
 * flash). An anonymous or unverified reader is sent where they can fix that.
 */
export const voteFormAction = action(
  {
    access: 'public',
    schema: voteSchema,
    flash: (fd) => voteFormKey(Number(fd.get('commentId'))),
    redirectTo: (state, fd) => {
      const back = safeBackPath(fd.get('back'), '/');
      const id = voteSchema.safeParse({ commentId: fd.get('commentId'), value: fd.get('value') });
      return id.success ? `${back}#comment-${id.data.commentId}` : back;
    },
  },
  async (data, { viewer, formData }) => {
    const back = safeBackPath(formData.get('back'), '/');
    if (!viewer) redirect(`/signin?next=${encodeURIComponent(back)}`);
    if (!viewer.emailVerified) redirect(verifyEmailHref('vote', back));
    await castVote(viewer, data.commentId, data.value as -1 | 0 | 1);
    // Counted: a refusal kept from a moment ago must not show any more.
    return { ok: true };
  },
);

export type VoteResult = { ok: boolean; message?: string; score?: number; value?: number; needsVerification?: boolean };

/** Vote from the enhanced buttons (JavaScript): returns the new score for the optimistic UI to settle on. */
export const voteAction = action(
  {
    input: 'args',
    access: 'signed-in',
    signedOut,
    schema: z.tuple([z.number().int().positive(), z.number().int().min(-1).max(1)]),
    invalid: 'Invalid vote.',
    refused: (s): VoteResult => ({ ok: false, message: s.message, needsVerification: s.code === 'unverified' || undefined }),
  },
  async ([commentId, value], { viewer }): Promise<VoteResult> => {
    const r = await castVote(viewer, commentId, value as -1 | 0 | 1);
    return { ok: true, score: r.score, value: r.value };
  },
);

export const flagCommentAction = action(
  { access: 'signed-in', signedOut, schema: flagSchema, invalid: 'Choose a reason.', flash: (fd) => `flag:${String(fd.get('commentId'))}` },
  async (data, { viewer }) => {
    await flagComment(viewer, data.commentId, data.note ? `${data.reason}: ${data.note}` : data.reason);
    return { ok: true, message: 'Thank you. A moderator will look at it.' };
  },
);
