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
  payOnline = false,
}: {
  campaign: PledgeFormCampaign;
  viewerEmail?: string | null;
  initial?: ActionState;
  prefix?: string;
  /** Online payments are on (lib/payments): offer "Pay now by card" beside the pledge. */
  payOnline?: boolean;
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
      <PledgeFields campaign={campaign} state={state} prefix={prefix} viewerEmail={viewerEmail} payOnline={payOnline} />
      <div className="flex flex-wrap items-center gap-3">
        {payOnline ? <PayButton /> : null}
        <PledgeButton secondary={payOnline} />
      </div>
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
export function PledgeButton({ secondary = false }: { secondary?: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={secondary ? secondaryButtonClass : pledgeButtonClass}>
      {pending ? 'Sending…' : 'Pledge'}
    </button>
  );
}

/**
 * Sends the form with pay=card: the pledge is recorded and the browser goes on (a 303, so without
 * JavaScript too) to the provider's hosted checkout page. No card data ever reaches this site.
 */
export function PayButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name="pay" value="card" disabled={pending} className={pledgeButtonClass}>
      {pending ? 'Sending…' : 'Pay now by card'}
    </button>
  );
}

const secondaryButtonClass =
  'rounded border border-stone-700 bg-white px-5 py-2.5 font-semibold text-stone-900 hover:bg-stone-50 disabled:opacity-60';
