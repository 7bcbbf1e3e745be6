import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { EVERYONE, form, plainForm, type PublicRows } from './public-authz-types';

export const rows: PublicRows = {
  subscribeAction: { allowed: ['other', 'owner'], args: (c) => form({ articleId: c.articleId, kind: 'all' }) },
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
