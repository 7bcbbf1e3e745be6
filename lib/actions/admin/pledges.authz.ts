import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { campaigns, pledges } from '@/db/schema';
import type { AuthzRows } from './authz-types';

/**
 * A fresh campaign with one unpaid pledge, so an allowed call has something real to change: a 2,000 USD
 * pledge above the campaign's 1,000 USD review ceiling, held for review, with a message awaiting approval.
 */
async function freshPledge(): Promise<string> {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const [c] = await db
    .insert(campaigns)
    .values({ slug: `authz-${tag}`, title: `Authz fund ${tag}`, goalCents: 100_000, currency: 'USD' })
    .returning({ id: campaigns.id });
  const [p] = await db
    .insert(pledges)
    .values({
      campaignId: c.id,
      email: `authz-${tag}@example.com`,
      displayName: 'Authz',
      amountCents: 200_000,
      currency: 'USD',
      idempotencyKey: `authz-${tag}`,
      review: 'held',
      message: 'Troll army says hi',
      messageStatus: 'pending',
    })
    .returning({ id: pledges.id });
  return p.id;
}

export const rows: AuthzRows = {
  setPledgeStatusAction: {
    allowed: ['admin'],
    fields: async () => ({ pledgeId: await freshPledge(), status: 'received', note: 'Bank transfer' }),
  },
  // Only admins decide whether a held pledge counts or a donor-wall message is published: an author, a
  // reader or a moderator can't approve pledges.
  reviewPledgeAction: {
    allowed: ['admin'],
    fields: async () => ({ pledgeId: await freshPledge(), decision: 'approve', note: 'Called the donor' }),
  },
  reviewPledgeMessageAction: {
    allowed: ['admin'],
    fields: async () => ({ pledgeId: await freshPledge(), decision: 'approve' }),
  },
  saveCampaignAction: {
    allowed: ['admin'],
    fields: () => ({
      slug: `authz-new-${randomUUID().slice(0, 8)}`,
      title: 'Authz campaign',
      description: 'From the matrix',
      goal: '1000',
      currency: 'USD',
      presets: '10, 25',
      startsAt: '',
      endsAt: '',
      active: 'on',
      paymentInstructions: 'Pay at the office.',
      reviewAbove: '500',
      publishMessagesAtOnce: 'on',
    }),
  },
};
