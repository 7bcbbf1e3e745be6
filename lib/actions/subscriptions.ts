'use server';
/** Following a thread by mail: subscribe from the thread, one-click unsubscribe from a mail, remove from the account. */
import { refresh } from 'next/cache';
import { z } from 'zod';
import { subscribeFormKey } from '@/lib/actions/form-flash';
import { action } from '@/lib/actions/safe-action';
import { getArticleForComments } from '@/lib/dal/comments';
import { describeUnsubscribeToken, removeSubscription, setSubscription, unsubscribeWithToken } from '@/lib/dal/subscriptions';
import { NotFoundError } from '@/lib/errors';
import { subscribeSchema } from '@/lib/validation/comment';

const SUBSCRIBED = {
  all: 'You will get an email about new comments on this article.',
  replies: 'You will get an email when someone replies to your comments here.',
  none: 'You will not get emails about this article.',
} as const;

/** Without JavaScript the answer needs a page rendered per request (the article page is cached): its respond page. */
async function notifyPage(_state: unknown, fd: FormData): Promise<string | null> {
  const article = await getArticleForComments(String(fd.get('articleId') ?? '')).catch(() => null);
  return article ? `/article/${article.slug}/respond#notify` : null;
}

export const subscribeAction = action(
  {
    access: 'signed-in',
    signedOut: { message: 'Please sign in to take part in the conversation.' },
    schema: subscribeSchema,
    invalid: 'Choose what to be notified of.',
    flash: (fd) => subscribeFormKey(String(fd.get('articleId') ?? '')),
    plainPostRedirect: notifyPage,
  },
  async (data, { viewer }) => {
    const article = await getArticleForComments(data.articleId);
    if (!article) throw new NotFoundError('That article does not exist.');
    await setSubscription(viewer, article.id, data.kind);
    return { ok: true, message: SUBSCRIBED[data.kind], values: { kind: data.kind } };
  },
);

const NOT_VALID = 'This unsubscribe link is not valid any more: you may have unsubscribed already.';

/** The one click on /unsubscribe/<token>. Without JavaScript the page that answers the post shows the result. */
export const unsubscribeAction = action(
  // Tokens are base64url and dots: anything else (a NUL byte would fail the query) is simply not a valid link.
  { access: 'public', schema: z.object({ token: z.string().regex(/^[A-Za-z0-9._-]{1,300}$/) }), invalid: NOT_VALID, flash: 'unsubscribe' },
  async ({ token }) => {
    const target = await describeUnsubscribeToken(token);
    if (!target || !(await unsubscribeWithToken(token))) return { ok: false, message: NOT_VALID };
    return {
      ok: true,
      message:
        target.kind === 'subscription'
          ? `You are unsubscribed: no more emails about comments on “${target.title}”.`
          : target.pref === 'mentions'
            ? 'You are unsubscribed: no more emails when someone mentions you.'
            : 'You are unsubscribed: no more emails about replies to your comments.',
    };
  },
);

/** Account settings: remove one of my subscriptions. */
export const removeSubscriptionAction = action(
  { access: 'signed-in', schema: z.object({ subscriptionId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) }) },
  async ({ subscriptionId }, { viewer }) => {
    await removeSubscription(viewer.id, subscriptionId);
    refresh();
    return { ok: true };
  },
);
