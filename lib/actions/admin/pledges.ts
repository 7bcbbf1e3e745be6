'use server';
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import type { ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import { saveCampaign } from '@/lib/dal/campaigns';
import { pledgeTag, setPledgeStatus } from '@/lib/dal/pledges';
import { campaignFormSchema, pledgeStatusSchema } from '@/lib/validation/pledge';
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
