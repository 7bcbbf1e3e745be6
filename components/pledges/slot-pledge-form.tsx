'use client';
import { useActionState, useTransition } from 'react';
import { pledgeAction, pledgeFormAction } from '@/lib/actions/pledges';
import { initialState } from '@/lib/actions/state';
import { IdempotencyKeyField } from './pledge-form';
import { PledgeFields, pledgeButtonClass, type PledgeFormCampaign } from './pledge-fields';

/**
 * The pledge form inside cached pages (the article's "Support us" slot). Its HTML posts to a plain server
 * action with no per-request state, so it is part of the prerendered page and works without JavaScript
 * (a refusal then goes to the campaign's pledge page, which shows why with everything as typed). With
 * JavaScript the submission goes through the stateful action instead and a refusal is shown in place.
 */
export function SlotPledgeForm({ campaign, prefix }: { campaign: PledgeFormCampaign; prefix: string }) {
  const [state, dispatch] = useActionState(pledgeAction, initialState);
  const [pending, startTransition] = useTransition();
  return (
    <form
      id={`${prefix}-form`}
      action={pledgeFormAction}
      onSubmit={(e) => {
        // React then leaves the form's own action alone (the submission was prevented).
        e.preventDefault();
        if (pending) return;
        const data = new FormData(e.currentTarget);
        startTransition(() => dispatch(data));
      }}
      className="scroll-mt-4 space-y-4"
      noValidate
      aria-label={`Pledge to ${campaign.title}`}
      key={JSON.stringify(state.values ?? {})}
    >
      <IdempotencyKeyField initial={state.values?.idempotencyKey} />
      <PledgeFields campaign={campaign} state={state} prefix={prefix} />
      <button type="submit" disabled={pending} className={pledgeButtonClass}>
        {pending ? 'Sending…' : 'Pledge'}
      </button>
    </form>
  );
}
