'use server';
/**
 * Comment actions: thin wrappers that validate the FormData with zod, call the DAL (which authorizes), update
 * the cache tags that changed, and either redirect back to the comment (plain form posts without
 * JavaScript) or return an ActionState.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/state';
import { formValues } from '@/lib/actions/state';
import { flash, postFormKey, subscribeFormKey, voteFormKey } from '@/lib/actions/form-flash';
import { TAGS } from '@/lib/cache-tags';
import { UnauthenticatedError, UserError } from '@/lib/errors';
import { getViewer, requireViewer } from '@/lib/dal/session';
import {
  castVote,
  cursorKind,
  decodeCursor,
  deleteComment,
  editComment,
  flagComment,
  getArticleForComments,
  getLiveComments,
  getOwnCommentBodies,
  getViewerVotes,
  listMyHeldComments,
  loadThreadPage,
  markSupporters,
  postComment,
  UNVERIFIED_COMMENT_MESSAGE,
  UNVERIFIED_VOTE_MESSAGE,
  type CommentNode,
  type ThreadPage,
} from '@/lib/dal/comments';
import { UNVERIFIED_HOLD_REASON } from '@/lib/comments/moderation';
import { getSubscription, setSubscription } from '@/lib/dal/subscriptions';
import {
  COMMENT_SORTS,
  editCommentSchema,
  flagSchema,
  postCommentSchema,
  safeBackPath,
  subscribeSchema,
  verifyEmailHref,
  voteSchema,
} from '@/lib/validation/comment';
import { loadSettings } from '@/lib/settings';

function refused(err: unknown, values?: Record<string, string>): ActionState {
  if (err instanceof UnauthenticatedError) return { ok: false, message: 'Please sign in to take part in the conversation.', values };
  if (err instanceof UserError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values };
  console.error('comment action failed', err);
  return { ok: false, message: 'Something went wrong. Please try again.', values };
}

/** Why a new comment waits, and for an unverified author what ends the wait for the next ones. */
function heldMessage(holdReason: string | null): string {
  const base = `Your comment is held for review: ${holdReason}. It will appear once a moderator approves it.`;
  return holdReason?.toLowerCase().includes(UNVERIFIED_HOLD_REASON)
    ? `${base} Verify your email address (open the link we mailed you) and your next comments will not wait for this.`
    : base;
}

/** A post without JavaScript (no Next-Action header): its ActionState would be lost on the re-rendered page. */
async function plainFormPost(): Promise<boolean> {
  return !(await headers()).get('next-action');
}

function touchThread(articleId: string, counts: boolean) {
  updateTag(TAGS.comments(articleId));
  if (counts) {
    updateTag(TAGS.article(articleId));
    updateTag(TAGS.commentCounts);
  }
}

/**
 * A comment or reply that was refused or held, posted without JavaScript: the article page is cached (it
 * cannot read the flash cookie), so the result goes to a page rendered per request (the article's "respond"
 * page, or the parent comment's own page) that shows the message and the text the reader typed.
 */
async function answerPlainPost(formData: FormData, state: ActionState): Promise<ActionState> {
  if (!(await plainFormPost())) return state;
  const articleId = String(formData.get('articleId') ?? '');
  const parentId = z.coerce.number().int().positive().safeParse(formData.get('parentId'));
  const article = articleId ? await getArticleForComments(articleId).catch(() => null) : null;
  if (!article) return state;
  await flash(postFormKey(article.id, parentId.success ? parentId.data : null), state);
  redirect(parentId.success ? `/article/${article.slug}/comments/${parentId.data}#respond` : `/article/${article.slug}/respond#respond`);
}

export async function postCommentAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = postCommentSchema.safeParse({
    articleId: formData.get('articleId') ?? '',
    parentId: formData.get('parentId') ?? undefined,
    body: formData.get('body') ?? '',
    anchorExact: formData.get('anchorExact') ?? undefined,
    anchorPrefix: formData.get('anchorPrefix') ?? undefined,
    anchorSuffix: formData.get('anchorSuffix') ?? undefined,
    anchorStart: formData.get('anchorStart') ?? undefined,
    anchorEnd: formData.get('anchorEnd') ?? undefined,
    feedbackPointId: formData.get('feedbackPointId') ?? undefined,
  });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return answerPlainPost(formData, { ok: false, message: fieldErrors.body?.[0] ?? 'Please check your comment.', fieldErrors, values });
  }
  const d = parsed.data;
  let result;
  try {
    const viewer = await requireViewer();
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
    if (err instanceof UserError && err.message === UNVERIFIED_COMMENT_MESSAGE && (await plainFormPost())) {
      redirect(verifyEmailHref('comment-refused', safeBackPath(formData.get('back'), '/')));
    }
    return answerPlainPost(formData, refused(err, values));
  }
  if (result.status === 'pending') {
    if (result.holdReason?.toLowerCase().includes(UNVERIFIED_HOLD_REASON) && (await plainFormPost())) {
      redirect(verifyEmailHref('comment-held', safeBackPath(formData.get('back'), `/article/${result.slug}`)));
    }
    return answerPlainPost(formData, { ok: true, message: heldMessage(result.holdReason), values: {} });
  }
  touchThread(result.articleId, true);
  if (formData.get('stay') === '1') return { ok: true, message: 'Your comment was posted.', values: {} };
  const back =
    d.parentId || d.feedbackPointId || d.anchorExact
      ? `/article/${result.slug}/comments/${result.id}`
      : safeBackPath(formData.get('back'), `/article/${result.slug}`);
  redirect(`${back}#comment-${result.id}`);
}

export async function editCommentAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  // Without JavaScript the comment's own page shows the result (see readFlash there).
  return flash(`edit:${String(formData.get('commentId'))}`, await editComment_(prev, formData));
}

async function editComment_(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = editCommentSchema.safeParse({ commentId: formData.get('commentId'), body: formData.get('body') ?? '' });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { ok: false, message: fieldErrors.body?.[0] ?? 'Please check your comment.', fieldErrors, values };
  }
  try {
    const viewer = await requireViewer();
    const r = await editComment(viewer, parsed.data.commentId, parsed.data.body);
    touchThread(r.articleId, true);
    if (r.status === 'pending') return { ok: true, message: `Your edit is held for review: ${r.holdReason}.`, values };
    return { ok: true, message: 'Saved.', values };
  } catch (err) {
    return refused(err, values);
  }
}

export async function deleteCommentAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash(`delete:${String(formData.get('commentId'))}`, await deleteComment_(prev, formData));
}

async function deleteComment_(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const id = z.coerce.number().int().positive().safeParse(formData.get('commentId'));
  if (!id.success) return { ok: false, message: 'Unknown comment.' };
  try {
    const viewer = await requireViewer();
    const r = await deleteComment(viewer, id.data);
    touchThread(r.articleId, true);
    return { ok: true, message: 'Comment deleted.' };
  } catch (err) {
    return refused(err);
  }
}

/** Vote as a plain form post (no JavaScript): back to the comment afterwards. */
export async function voteFormAction(formData: FormData): Promise<void> {
  const parsed = voteSchema.safeParse({ commentId: formData.get('commentId'), value: formData.get('value') });
  const back = safeBackPath(formData.get('back'), '/');
  if (!parsed.success) redirect(back);
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?next=${encodeURIComponent(back)}`);
  // Without JavaScript the refusal needs a page of its own: it says why and offers a new verification link.
  if (!viewer.emailVerified) redirect(verifyEmailHref('vote', back));
  let articleId: string | null = null;
  try {
    const r = await castVote(viewer, parsed.data.commentId, parsed.data.value as -1 | 0 | 1);
    articleId = r.articleId;
    // Counted: a refusal kept from a moment ago must not show any more.
    await flash(voteFormKey(parsed.data.commentId), { ok: true });
  } catch (err) {
    // The page the reader comes back to says why the vote was not counted.
    await flash(voteFormKey(parsed.data.commentId), { ok: false, message: refused(err).message ?? 'Your vote was not counted.' });
  }
  if (articleId) touchThread(articleId, false);
  redirect(`${back}#comment-${parsed.data.commentId}`);
}

export type VoteResult = { ok: boolean; message?: string; score?: number; value?: number; needsVerification?: boolean };

/** Vote from the enhanced buttons (JavaScript): returns the new score for the optimistic UI to settle on. */
export async function voteAction(commentId: number, value: number): Promise<VoteResult> {
  const parsed = voteSchema.safeParse({ commentId, value });
  if (!parsed.success) return { ok: false, message: 'Invalid vote.' };
  try {
    const viewer = await requireViewer();
    const r = await castVote(viewer, parsed.data.commentId, parsed.data.value as -1 | 0 | 1);
    touchThread(r.articleId, false);
    return { ok: true, score: r.score, value: r.value };
  } catch (err) {
    const s = refused(err);
    return { ok: false, message: s.message, needsVerification: s.message === UNVERIFIED_VOTE_MESSAGE || undefined };
  }
}

export async function flagCommentAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash(`flag:${String(formData.get('commentId'))}`, await flagComment_(prev, formData));
}

async function flagComment_(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = flagSchema.safeParse({
    commentId: formData.get('commentId'),
    reason: formData.get('reason') ?? undefined,
    note: formData.get('note') ?? undefined,
  });
  if (!parsed.success) return { ok: false, message: 'Choose a reason.', values: formValues(formData) };
  try {
    const viewer = await requireViewer();
    await flagComment(viewer, parsed.data.commentId, parsed.data.note ? `${parsed.data.reason}: ${parsed.data.note}` : parsed.data.reason);
    return { ok: true, message: 'Thank you. A moderator will look at it.' };
  } catch (err) {
    return refused(err);
  }
}

export async function subscribeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = subscribeSchema.safeParse({ articleId: formData.get('articleId'), kind: formData.get('kind') });
  if (!parsed.success) return { ok: false, message: 'Choose what to be notified of.' };
  let state: ActionState;
  let slug: string | null = null;
  try {
    const article = await getArticleForComments(parsed.data.articleId);
    if (!article) return { ok: false, message: 'That article does not exist.' };
    slug = article.slug;
    const viewer = await requireViewer();
    await setSubscription(viewer, article.id, parsed.data.kind);
    const msg =
      parsed.data.kind === 'all'
        ? 'You will get an email about new comments on this article.'
        : parsed.data.kind === 'replies'
          ? 'You will get an email when someone replies to your comments here.'
          : 'You will not get emails about this article.';
    state = { ok: true, message: msg, values: { kind: parsed.data.kind } };
  } catch (err) {
    state = refused(err);
  }
  // Without JavaScript the answer needs a page rendered per request (the article page is cached): its respond page.
  if (slug && (await plainFormPost())) {
    await flash(subscribeFormKey(parsed.data.articleId), state);
    redirect(`/article/${slug}/respond#notify`);
  }
  return state;
}

export type ViewerThreadState = {
  /** `verified`: the email address is confirmed (unverified accounts cannot vote; their comments wait or are refused). */
  viewer: { id: string; handle: string; verified: boolean } | null;
  unverifiedComments: 'hold' | 'refuse';
  votes: Record<number, number>;
  subscription: 'all' | 'replies' | null;
  held: { id: number; bodyHtml: string; status: string; reason: string | null; createdAt: string }[];
  editWindowMinutes: number;
  /** Markdown source of the viewer's own comments among those asked about (the cached thread carries none). */
  own: Record<number, string>;
};

/**
 * What the enhanced thread needs to know about the viewer (their votes, own comments' sources, held comments,
 * subscription): loaded after the cached page, so the page itself is the same for every reader.
 */
export async function viewerThreadStateAction(articleId: string, ids: number[]): Promise<ViewerThreadState> {
  const settings = await loadSettings();
  const cleanIds = (Array.isArray(ids) ? ids : []).filter((i) => Number.isSafeInteger(i) && i > 0).slice(0, 2000);
  const viewer = await getViewer();
  if (!viewer || typeof articleId !== 'string') {
    return {
      viewer: null,
      votes: {},
      own: {},
      subscription: null,
      held: [],
      editWindowMinutes: settings.editWindowMinutes,
      unverifiedComments: settings.unverifiedComments,
    };
  }
  const [votes, own, subscription, held] = await Promise.all([
    getViewerVotes(viewer.id, cleanIds),
    getOwnCommentBodies(viewer.id, cleanIds),
    getSubscription(viewer.id, articleId),
    listMyHeldComments(viewer.id, articleId),
  ]);
  return {
    viewer: { id: viewer.id, handle: viewer.handle, verified: viewer.emailVerified },
    votes,
    own,
    subscription,
    editWindowMinutes: settings.editWindowMinutes,
    unverifiedComments: settings.unverifiedComments,
    held: held.map((h) => ({
      id: h.id,
      bodyHtml: h.bodyHtml,
      status: h.status,
      reason: h.status === 'pending' ? h.holdReason : h.rejectReason,
      createdAt: h.createdAt.toISOString(),
    })),
  };
}

/** Next page of top-level threads, for "Load more" with JavaScript. */
export async function loadMoreThreadsAction(articleId: string, sort: string, after: string): Promise<ThreadPage> {
  const s = COMMENT_SORTS.includes(sort as never) ? (sort as (typeof COMMENT_SORTS)[number]) : 'newest';
  if (typeof articleId !== 'string' || typeof after !== 'string') return { threads: [], next: null };
  const article = await getArticleForComments(articleId);
  if (!article) return { threads: [], next: null };
  if (!decodeCursor(after, cursorKind(s))) return { threads: [], next: null };
  const page = await loadThreadPage(article.id, s, after);
  await markSupporters(page.threads);
  return page;
}

/** Comments announced by the live stream (ids only), to show them in place in the thread. Public data only. */
export async function loadLiveCommentsAction(articleId: string, ids: number[]): Promise<CommentNode[]> {
  if (typeof articleId !== 'string' || !Array.isArray(ids)) return [];
  const article = await getArticleForComments(articleId);
  if (!article) return [];
  return getLiveComments(
    article.id,
    ids.filter((i) => typeof i === 'number'),
  );
}

/** The one click on /unsubscribe/<token>. */
export async function unsubscribeAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  // Without JavaScript the page that answers the post shows the result (see readFlash there).
  return flash('unsubscribe', await unsubscribe_(prev, formData));
}

async function unsubscribe_(_prev: ActionState, formData: FormData): Promise<ActionState> {
  // Tokens are base64url and dots: anything else (a NUL byte would fail the query) is simply not a valid link.
  const parsed = z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,300}$/)
    .safeParse(formData.get('token'));
  const token = parsed.success ? parsed.data : '';
  const { describeUnsubscribeToken, unsubscribeWithToken } = await import('@/lib/dal/subscriptions');
  const target = await describeUnsubscribeToken(token);
  if (!target || !(await unsubscribeWithToken(token))) {
    return { ok: false, message: 'This unsubscribe link is not valid any more: you may have unsubscribed already.' };
  }
  return {
    ok: true,
    message:
      target.kind === 'subscription'
        ? `You are unsubscribed: no more emails about comments on “${target.title}”.`
        : target.pref === 'mentions'
          ? 'You are unsubscribed: no more emails when someone mentions you.'
          : 'You are unsubscribed: no more emails about replies to your comments.',
  };
}

/** Account settings: remove one of my subscriptions. */
export async function removeSubscriptionAction(formData: FormData): Promise<void> {
  const viewer = await requireViewer();
  const { removeSubscription } = await import('@/lib/dal/subscriptions');
  const id = z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .safeParse(formData.get('subscriptionId'));
  if (id.success) await removeSubscription(viewer.id, id.data);
  const { refresh } = await import('next/cache');
  refresh();
}
