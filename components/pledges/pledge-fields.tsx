import type { ActionState } from '@/lib/actions/state';
import { centsToInput, formatMoney } from '@/lib/money';

/** The pledge form's fields, without hooks: rendered by the client form and by the cached article slot. */

const input = 'mt-1 block w-full min-w-0 rounded border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600';

export type PledgeFormCampaign = { id: string; title: string; currency: string; presetAmountsCents: number[] };

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.join(' ')}
    </p>
  );
}

function EmailField({ prefix, state, viewerEmail }: { prefix: string; state: ActionState; viewerEmail: string | null }) {
  const id = `${prefix}-email`;
  const errors = state.fieldErrors?.email;
  const value = state.values?.email ?? viewerEmail ?? '';
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        Email
      </label>
      <p id={`${id}-hint`} className="text-sm text-stone-600">
        For your thank-you mail and receipt. Never shown publicly. Signed in? Leave it empty to use your account’s address.
      </p>
      <input
        id={id}
        name="email"
        type="email"
        autoComplete="email"
        maxLength={254}
        defaultValue={value}
        key={`email:${value}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[`${id}-hint`, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ')}
        className={input}
      />
      <Errors id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function PledgeFields({
  campaign,
  state,
  prefix,
  viewerEmail = null,
  payOnline = false,
}: {
  campaign: PledgeFormCampaign;
  state: ActionState;
  prefix: string;
  viewerEmail?: string | null;
  payOnline?: boolean;
}) {
  const v = state.values ?? {};
  const err = state.fieldErrors ?? {};
  const described = (name: string, hint = false) =>
    [hint ? `${prefix}-${name}-hint` : null, err[name]?.length ? `${prefix}-${name}-error` : null].filter(Boolean).join(' ') || undefined;
  const presetValues = campaign.presetAmountsCents.map((c) => centsToInput(c));
  return (
    <>
      {state.message ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="campaignId" value={campaign.id} />
      <input type="hidden" name="currency" value={campaign.currency} />

      <fieldset aria-describedby={described('amount')}>
        <legend className="text-sm font-semibold">Amount ({campaign.currency})</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {presetValues.map((value, i) => (
            <label
              key={value}
              className="flex cursor-pointer items-center gap-2 rounded border border-stone-400 bg-white px-3 py-2 has-checked:border-stone-900 has-checked:bg-stone-900 has-checked:text-white"
            >
              <input type="radio" name="amount" value={value} defaultChecked={v.amount === value} className="accent-stone-900" />
              {formatMoney(campaign.presetAmountsCents[i], campaign.currency)}
            </label>
          ))}
        </div>
        <div className="mt-2 max-w-xs">
          <label htmlFor={`${prefix}-customAmount`} className="block text-sm">
            Other amount ({campaign.currency})
          </label>
          <input
            id={`${prefix}-customAmount`}
            name="customAmount"
            inputMode="decimal"
            autoComplete="transaction-amount"
            maxLength={20}
            defaultValue={v.customAmount ?? ''}
            aria-invalid={err.amount?.length ? true : undefined}
            aria-describedby={described('amount')}
            className={input}
          />
        </div>
        <Errors id={`${prefix}-amount-error`} errors={err.amount} />
        <Errors id={`${prefix}-currency-error`} errors={err.currency} />
      </fieldset>

      <fieldset>
        <legend className="text-sm font-semibold">How often</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          <label className="flex items-center gap-2">
            <input type="radio" name="frequency" value="one_time" defaultChecked={(v.frequency ?? 'one_time') === 'one_time'} /> One-time
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="frequency" value="monthly" defaultChecked={v.frequency === 'monthly'} /> Monthly
          </label>
        </div>
        <Errors id={`${prefix}-frequency-error`} errors={err.frequency} />
      </fieldset>

      <div>
        <label htmlFor={`${prefix}-displayName`} className="block text-sm font-semibold">
          Name on the donor wall
        </label>
        <input
          id={`${prefix}-displayName`}
          name="displayName"
          autoComplete="name"
          maxLength={80}
          defaultValue={v.displayName ?? ''}
          aria-invalid={err.displayName?.length ? true : undefined}
          aria-describedby={described('displayName')}
          className={input}
        />
        <Errors id={`${prefix}-displayName-error`} errors={err.displayName} />
      </div>
      <div className="space-y-1">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="anonymous" defaultChecked={v.anonymous === 'on'} /> Give anonymously (show “Anonymous” instead of my
          name, and no supporter badge on my comments)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="hideAmount" defaultChecked={v.hideAmount === 'on'} /> Hide the amount on the donor wall
        </label>
      </div>

      <div>
        <label htmlFor={`${prefix}-message`} className="block text-sm font-semibold">
          Public message (optional)
        </label>
        <p id={`${prefix}-message-hint`} className="text-sm text-stone-600">
          Shown on the donor wall as plain text, up to 500 characters.
        </p>
        <textarea
          id={`${prefix}-message`}
          name="message"
          rows={3}
          defaultValue={v.message ?? ''}
          aria-invalid={err.message?.length ? true : undefined}
          aria-describedby={described('message', true)}
          className={input}
        />
        <Errors id={`${prefix}-message-error`} errors={err.message} />
      </div>

      <EmailField prefix={prefix} state={state} viewerEmail={viewerEmail} />

      {payOnline ? (
        <p className="text-sm text-stone-600">
          Pay now by card on Stripe’s secure page (your card details never reach us; a monthly gift can be stopped at any time from your
          receipt), or pledge now and pay later with our payment instructions.
        </p>
      ) : (
        <p className="text-sm text-stone-600">
          No payment is taken here: after pledging you get our payment instructions on screen and by email.
        </p>
      )}
    </>
  );
}

/** A fresh random key (crypto.getRandomValues works outside secure contexts too). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const pledgeButtonClass = 'rounded bg-brand px-5 py-2.5 font-bold text-white hover:opacity-90 disabled:opacity-60';
