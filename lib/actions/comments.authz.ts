import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { EVERYONE, form, plainForm, type PublicRows } from './public-authz-types';

const talkers = ['unverified', 'other', 'owner'] as const;

export const rows: PublicRows = {
  // Unverified accounts may post, but what they write is held until the address is verified.
  postCommentAction: {
    allowed: talkers,
    args: (c) => form({ articleId: c.articleId, body: `The library vote deserves a second look (${randomUUID()}).`, stay: '1' }),
  },
  editCommentAction: {
    allowed: ['owner'],
    args: async (c) => form({ commentId: String(await c.ownerComment()), body: `Corrected: the vote was on Tuesday (${randomUUID()}).` }),
  },
  deleteCommentAction: { allowed: ['owner'], args: async (c) => form({ commentId: String(await c.ownerComment()) }) },
  // Votes need a verified address (sock puppets); nobody votes on their own comment.
  voteFormAction: {
    allowed: ['other'],
    args: async (c) => plainForm({ commentId: String(await c.ownerComment()), value: '1', back: `/article/${c.articleSlug}` }),
  },
  voteAction: { allowed: ['other'], args: async (c) => [await c.ownerComment(), 1] },
  // Reports and notification mail need a verified address too; nobody reports their own comment.
  flagCommentAction: {
    allowed: ['other'],
    args: async (c) => form({ commentId: String(await c.ownerComment()), reason: 'spam', note: '' }),
  },
  subscribeAction: { allowed: ['other', 'owner'], args: (c) => form({ articleId: c.articleId, kind: 'all' }) },
  viewerThreadStateAction: { allowed: EVERYONE, readOnly: true, args: (c) => [c.articleId, []] },
  loadMoreThreadsAction: { allowed: EVERYONE, readOnly: true, args: (c) => [c.articleId, 'newest', ''] },
  loadLiveCommentsAction: { allowed: EVERYONE, readOnly: true, args: (c) => [c.articleId, [1]] },
  // The unsubscribe link's token is the proof: a made-up one changes nothing for anyone.
  unsubscribeAction: { allowed: EVERYONE, readOnly: true, args: () => form({ token: randomUUID() }) },
  removeSubscriptionAction: {
    allowed: ['owner'],
    args: async (c) => {
      const db = await getDb();
      await db.delete(subscriptions).where((await import('drizzle-orm')).eq(subscriptions.userId, c.userIds.owner));
      const [s] = await db
        .insert(subscriptions)
        .values({ userId: c.userIds.owner, articleId: c.articleId, kind: 'all', unsubscribeToken: randomUUID() })
        .returning({ id: subscriptions.id });
      return plainForm({ subscriptionId: s.id });
    },
  },
};
