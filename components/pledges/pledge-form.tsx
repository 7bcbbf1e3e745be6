'use client';
import { useActionState, useState, useSyncExternalStore } from 'react';
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
  // The key a refused submission came back with, else one made for this form (in the browser only).
  const [echoed] = useState(initial);
  const [made] = useState(() => (typeof window === 'undefined' ? '' : newIdempotencyKey()));
  // Hydration sees the server's empty value; the made key follows at once.
  const browserKey = useSyncExternalStore(
    nothingToWatch,
    () => made,
    () => '',
  );
  return <input type="hidden" name="idempotencyKey" value={echoed || browserKey} />;
}

const nothingToWatch = () => () => {};

/** Disabled while the pledge is on its way, so a double click sends one request (the key covers the rest). */
export function PledgeButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={pledgeButtonClass}>
      {pending ? 'Sending…' : 'Pledge'}
    </button>
  );
}
