'use server';
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import type { ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import { saveCampaign } from '@/lib/dal/campaigns';
import { pledgeTag, reviewPledge, reviewPledgeMessage, setPledgeStatus } from '@/lib/dal/pledges';
import { campaignFormSchema, pledgeMessageReviewSchema, pledgeReviewSchema, pledgeStatusSchema } from '@/lib/validation/pledge';
import { adminAction } from './_shared';

/** Staff: mark a pledge received (sends the receipt) or cancelled, with a note; audited in the DAL. */
export async function setPledgeStatusAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, pledgeStatusSchema, { permission: 'pledges:manage' }, async (data) => {
    const r = await setPledgeStatus(data);
    updateTag(TAGS.campaigns);
    updateTag(TAGS.campaign(r.campaignId));
    updateTag(pledgeTag(data.pledgeId));
    if (!r.changed) return { ok: true, message: `This pledge was already ${data.status}.` };
    return { ok: true, message: data.status === 'received' ? 'Marked received; the receipt is on its way.' : 'Pledge cancelled.' };
  });
}

function invalidate(campaignId: string, pledgeId: string) {
  updateTag(TAGS.campaigns);
  updateTag(TAGS.campaign(campaignId));
  updateTag(pledgeTag(pledgeId));
}

/** Staff: approve or reject a pledge held for review (amount above the campaign's ceiling); audited in the DAL. */
export async function reviewPledgeAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, pledgeReviewSchema, { permission: 'pledges:manage' }, async (data) => {
    const r = await reviewPledge(data);
    invalidate(r.campaignId, data.pledgeId);
    const done = data.decision === 'approve' ? 'approved' : 'rejected';
    if (!r.changed) return { ok: true, message: `This pledge was already ${done}.` };
    return {
      ok: true,
      message: data.decision === 'approve' ? 'Pledge approved: it counts once its address is confirmed.' : 'Pledge rejected and cancelled.',
    };
  });
}

/** Staff: publish or reject a pledge's donor-wall message; audited in the DAL. */
export async function reviewPledgeMessageAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, pledgeMessageReviewSchema, { permission: 'pledges:manage' }, async (data) => {
    const r = await reviewPledgeMessage(data);
    invalidate(r.campaignId, data.pledgeId);
    if (!r.changed)
      return {
        ok: true,
        message: data.decision === 'approve' ? 'This message was already published.' : 'This message was already rejected.',
      };
    return { ok: true, message: data.decision === 'approve' ? 'Message published on the donor wall.' : 'Message rejected.' };
  });
}

/** Staff: create (no id) or edit a campaign. A new campaign continues on its edit page. */
export async function saveCampaignAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  let createdId: string | null = null;
  const state = await adminAction(formData, campaignFormSchema, { permission: 'campaigns:manage' }, async (data) => {
    const r = await saveCampaign(data);
    updateTag(TAGS.campaigns);
    updateTag(TAGS.campaign(r.id));
    if (r.created) createdId = r.id;
    return { ok: true, message: 'Campaign saved.' };
  });
  if (createdId) redirect(`/admin/campaigns/${createdId}?created=1`);
  return state;
}
