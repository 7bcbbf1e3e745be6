import { randomUUID } from 'node:crypto';
import { EVERYONE, form, plainForm, type PublicRows } from './public-authz-types';

const pledgeFields = (campaignId: string) => ({
  campaignId,
  amount: '25',
  currency: 'USD',
  frequency: 'one_time',
  email: `pledger-${randomUUID().slice(0, 8)}@example.com`,
  displayName: 'Matrix Pledger',
  message: '',
  idempotencyKey: `k-${randomUUID()}`,
});

export const rows: PublicRows = {
  // Anyone may promise money; whether it counts on the public bar is another matter (confirmation).
  pledgeAction: { allowed: EVERYONE, args: (c) => form(pledgeFields(c.campaignId)) },
  pledgeFormAction: { allowed: EVERYONE, args: (c) => plainForm(pledgeFields(c.campaignId)) },
  // The mailed link's token is the proof: without it nobody cancels, not even the owner (who has their own action).
  cancelPledgeWithTokenAction: {
    allowed: [],
    args: async (c) => form({ pledgeId: (await c.ownerPledge()).id, token: randomUUID().replace(/-/g, '') }),
  },
  cancelPledgeWithTokenFormAction: {
    allowed: [],
    args: async (c) => plainForm({ pledgeId: (await c.ownerPledge()).id, token: randomUUID().replace(/-/g, '') }),
  },
  // The mailed confirmation link's token is the proof: a made-up one confirms nothing for anyone.
  confirmPledgeFormAction: {
    allowed: [],
    args: async (c) => plainForm({ pledgeId: (await c.ownerPledge()).id, token: randomUUID().replace(/-/g, '') }),
  },
  cancelOwnPledgeAction: { allowed: ['owner'], args: async (c) => form({ pledgeId: (await c.ownerPledge()).id }) },
};
