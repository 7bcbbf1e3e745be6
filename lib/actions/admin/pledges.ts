'use server';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/safe-action';
import { saveCampaign } from '@/lib/dal/campaigns';
import { reviewPledge, reviewPledgeMessage, setPledgeStatus } from '@/lib/dal/pledges';
import { campaignFormSchema, pledgeMessageReviewSchema, pledgeReviewSchema, pledgeStatusSchema } from '@/lib/validation/pledge';

const staff = { permission: 'pledges:manage' } as const;

/** Staff: mark a pledge received (sends the receipt) or cancelled, with a note; audited in the DAL. */
export const setPledgeStatusAction = action({ access: staff, schema: pledgeStatusSchema }, async (data) => {
  const r = await setPledgeStatus(data);
  if (!r.changed) return { ok: true, message: `This pledge was already ${data.status}.` };
  return { ok: true, message: data.status === 'received' ? 'Marked received; the receipt is on its way.' : 'Pledge cancelled.' };
});

/** Staff: approve or reject a pledge held for review (amount above the campaign's ceiling); audited in the DAL. */
export const reviewPledgeAction = action({ access: staff, schema: pledgeReviewSchema }, async (data) => {
  const r = await reviewPledge(data);
  const done = data.decision === 'approve' ? 'approved' : 'rejected';
  if (!r.changed) return { ok: true, message: `This pledge was already ${done}.` };
  return {
    ok: true,
    message: data.decision === 'approve' ? 'Pledge approved: it counts once its address is confirmed.' : 'Pledge rejected and cancelled.',
  };
});

/** Staff: publish or reject a pledge's donor-wall message; audited in the DAL. */
export const reviewPledgeMessageAction = action({ access: staff, schema: pledgeMessageReviewSchema }, async (data) => {
  const r = await reviewPledgeMessage(data);
  const approve = data.decision === 'approve';
  if (!r.changed) return { ok: true, message: approve ? 'This message was already published.' : 'This message was already rejected.' };
  return { ok: true, message: approve ? 'Message published on the donor wall.' : 'Message rejected.' };
});

/** Staff: create (no id) or edit a campaign. A new campaign continues on its edit page. */
export const saveCampaignAction = action({ access: { permission: 'campaigns:manage' }, schema: campaignFormSchema }, async (data) => {
  const r = await saveCampaign(data);
  if (r.created) redirect(`/admin/campaigns/${r.id}?created=1`);
  return { ok: true, message: 'Campaign saved.' };
});
