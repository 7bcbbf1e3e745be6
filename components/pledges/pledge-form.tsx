'use client';
import { useActionState, useEffect, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { pledgeAction } from '@/lib/actions/pledges';
import { initialState, type ActionState } from '@/lib/actions/state';
import { PledgeFields, newIdempotencyKey, pledgeButtonClass, type PledgeFormCampaign } from './pledge-fields';

export type { PledgeFormCampaign } from './pledge-fields';

/**
 * The pledge form on pages rendered per request (/support): a server action posted as a plain form, so
 * it works without JavaScript too; a refused submission comes back with every field as typed (without
 * JavaScript through the flash cookie, handed in as `initial`). The idempotency key is made on render and
 * kept while the form is on screen, so double clicks and retries name the same pledge.
 */
export function PledgeForm({
  campaign,
  viewerEmail = null,
  initial,
  prefix = 'pledge',
}: {
  campaign: PledgeFormCampaign;
  viewerEmail?: string | null;
  initial?: ActionState;
  prefix?: string;
}) {
  const [state, action] = useActionState(pledgeAction, initial ?? initialState);
  return (
    <form
      id={`${prefix}-form`}
      action={action}
      className="scroll-mt-4 space-y-4"
      noValidate
      aria-label={`Pledge to ${campaign.title}`}
      key={JSON.stringify(state.values ?? {})}
    >
      <IdempotencyKeyField initial={state.values?.idempotencyKey} />
      <PledgeFields campaign={campaign} state={state} prefix={prefix} viewerEmail={viewerEmail} />
      <PledgeButton />
    </form>
  );
}

/**
 * The form's idempotency key. Filled in on the client, because a cached page's HTML is shared by every
 * reader; without JavaScript the server derives the key from the submission (or echoes one it made).
 */
export function IdempotencyKeyField({ initial }: { initial?: string }) {
  const [key, setKey] = useState(initial ?? '');
  useEffect(() => {
    if (!key) setKey(newIdempotencyKey());
  }, [key]);
  return <input type="hidden" name="idempotencyKey" value={key} />;
}

/** Disabled while the pledge is on its way, so a double click sends one request (the key covers the rest). */
export function PledgeButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={pledgeButtonClass}>
      {pending ? 'Sending…' : 'Pledge'}
    </button>
  );
}
