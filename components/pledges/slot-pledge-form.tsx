import { pledgeFormAction } from '@/lib/actions/pledges';
import { initialState } from '@/lib/actions/state';
import { IdempotencyKeyField, PledgeButton } from './pledge-form';
import { PledgeFields, type PledgeFormCampaign } from './pledge-fields';

/**
 * The pledge form inside cached pages (the article's "Support us" slot): rendered on the server with
 * no per-request state so it is part of the prerendered page and works without JavaScript. A refusal
 * sends the reader to the campaign's pledge page, which shows why with everything as typed.
 */
export function SlotPledgeForm({ campaign, prefix }: { campaign: PledgeFormCampaign; prefix: string }) {
  return (
    <form id={`${prefix}-form`} action={pledgeFormAction} className="scroll-mt-4 space-y-4" noValidate aria-label={`Pledge to ${campaign.title}`}>
      <IdempotencyKeyField />
      <PledgeFields campaign={campaign} state={initialState} prefix={prefix} />
      <PledgeButton />
    </form>
  );
}
