'use client';
import { useActionState } from 'react';
import { reviewPledgeAction, reviewPledgeMessageAction, saveCampaignAction, setPledgeStatusAction } from '@/lib/actions/admin/pledges';
import { initialState, type ActionState } from '@/lib/actions/state';
import { CURRENCIES } from '@/lib/money';

const input = 'mt-1 block w-full min-w-0 rounded border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600';

function Message({ state }: { state: ActionState }) {
  if (!state.message) return null;
  return state.ok ? (
    <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
      {state.message}
    </p>
  );
}

type FormAction = (prev: ActionState, fd: FormData) => Promise<ActionState>;

/**
 * A decision on one pledge with an optional note: two submit buttons sending `name` (go ahead, then the
 * red one that stops it). A refused note comes back as typed.
 */
function NoteDecisionForm(props: {
  serverAction: FormAction;
  pledgeId: string;
  label: string;
  frame?: string;
  noteId: string;
  noteLabel: string;
  placeholder: string;
  name: string;
  go: { value: string; label: string };
  stop: { value: string; label: string };
}) {
  const [state, action, pending] = useActionState(props.serverAction, initialState);
  return (
    <form action={action} className={`mt-2 space-y-2 ${props.frame ?? ''}`.trim()} aria-label={props.label}>
      <Message state={state} />
      <input type="hidden" name="pledgeId" value={props.pledgeId} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={props.noteId} className="block text-sm font-semibold">
            {props.noteLabel}
          </label>
          <input
            id={props.noteId}
            name="note"
            maxLength={1000}
            defaultValue={state.values?.note ?? ''}
            key={state.values?.note ?? ''}
            className={input}
            placeholder={props.placeholder}
          />
        </div>
        <button
          type="submit"
          name={props.name}
          value={props.go.value}
          disabled={pending}
          className="rounded bg-stone-900 px-3 py-2 font-semibold text-white disabled:opacity-60"
        >
          {props.go.label}
        </button>
        <button
          type="submit"
          name={props.name}
          value={props.stop.value}
          disabled={pending}
          className="rounded border border-red-700 bg-white px-3 py-2 font-semibold text-red-800 disabled:opacity-60"
        >
          {props.stop.label}
        </button>
      </div>
    </form>
  );
}

/** Mark one pledge received or cancelled, with an optional note (kept on the pledge and in the audit log). */
export function PledgeStatusForm({ pledgeId, number }: { pledgeId: string; number: string }) {
  return (
    <NoteDecisionForm
      serverAction={setPledgeStatusAction}
      pledgeId={pledgeId}
      label={`Update pledge ${number}`}
      noteId={`note-${pledgeId}`}
      noteLabel="Note"
      placeholder="e.g. bank transfer of 12 May"
      name="status"
      go={{ value: 'received', label: 'Mark received' }}
      stop={{ value: 'cancelled', label: 'Cancel pledge' }}
    />
  );
}

/** A pledge above the campaign's review ceiling: approve (it counts once confirmed) or reject (cancelled). */
export function PledgeReviewForm({ pledgeId, number }: { pledgeId: string; number: string }) {
  return (
    <NoteDecisionForm
      serverAction={reviewPledgeAction}
      pledgeId={pledgeId}
      label={`Review pledge ${number}`}
      frame="rounded border border-amber-600 bg-amber-50 p-2"
      noteId={`review-note-${pledgeId}`}
      noteLabel="Review note"
      placeholder="e.g. called the donor"
      name="decision"
      go={{ value: 'approve', label: 'Approve pledge' }}
      stop={{ value: 'reject', label: 'Reject pledge' }}
    />
  );
}

/** A donor-wall message waiting for approval: publish or reject it. */
export function PledgeMessageForm({ pledgeId, number }: { pledgeId: string; number: string }) {
  const [state, action, pending] = useActionState(reviewPledgeMessageAction, initialState);
  return (
    <form action={action} className="mt-2 flex flex-wrap items-center gap-2" aria-label={`Message of pledge ${number}`}>
      <Message state={state} />
      <input type="hidden" name="pledgeId" value={pledgeId} />
      <button
        type="submit"
        name="decision"
        value="approve"
        disabled={pending}
        className="rounded bg-stone-900 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
      >
        Publish message
      </button>
      <button
        type="submit"
        name="decision"
        value="reject"
        disabled={pending}
        className="rounded border border-red-700 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 disabled:opacity-60"
      >
        Reject message
      </button>
    </form>
  );
}

export type CampaignFormValues = Record<
  'id' | 'slug' | 'title' | 'description' | 'goal' | 'currency' | 'presets' | 'startsAt' | 'endsAt' | 'paymentInstructions' | 'reviewAbove',
  string
> & { active: boolean; featured: boolean; stopAtGoal: boolean; publishMessagesAtOnce: boolean };

/** Create or edit a campaign. Money is typed in units ("5000" or "5000.50") and stored as cents. */
export function CampaignForm({ initial }: { initial: CampaignFormValues }) {
  const [state, action, pending] = useActionState(saveCampaignAction, initialState);
  const typed = state.values;
  const v = (k: keyof CampaignFormValues) => (typed ? (typed[k] ?? '') : String(initial[k] ?? ''));
  const checked = (k: 'active' | 'featured' | 'stopAtGoal' | 'publishMessagesAtOnce') => (typed ? typed[k] === 'on' : initial[k]);
  const err = state.fieldErrors ?? {};
  const field = (name: keyof CampaignFormValues, label: string, opts: { type?: string; hint?: string; textarea?: boolean } = {}) => {
    const id = `campaign-${name}`;
    const errors = err[name];
    const describedBy = [opts.hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
    const common = {
      id,
      name,
      defaultValue: v(name),
      key: `${name}:${v(name)}`,
      className: input,
      'aria-invalid': errors?.length ? true : undefined,
      'aria-describedby': describedBy,
    };
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-semibold">
          {label}
        </label>
        {opts.hint ? (
          <p id={`${id}-hint`} className="text-sm text-stone-600">
            {opts.hint}
          </p>
        ) : null}
        {opts.textarea ? <textarea rows={4} {...common} /> : <input type={opts.type ?? 'text'} {...common} />}
        {errors?.length ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
            {errors.join(' ')}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <form action={action} className="max-w-2xl space-y-4" noValidate>
      <Message state={state} />
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      {field('title', 'Title')}
      {field('slug', 'Address', { hint: 'Lowercase letters, digits and dashes: the page is /support/<address>.' })}
      {field('description', 'Description', { textarea: true })}
      <div className="grid gap-4 sm:grid-cols-2">
        {field('goal', 'Goal', { hint: 'In the currency below, like 5000 or 5000.50.' })}
        <div>
          <label htmlFor="campaign-currency" className="block text-sm font-semibold">
            Currency
          </label>
          <select
            id="campaign-currency"
            name="currency"
            defaultValue={v('currency') || 'USD'}
            key={`currency:${v('currency')}`}
            className={input}
            aria-invalid={err.currency?.length ? true : undefined}
          >
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {err.currency?.length ? <p className="mt-1 text-sm text-red-700">{err.currency.join(' ')}</p> : null}
        </div>
      </div>
      {field('presets', 'Preset amounts', { hint: 'Up to 8, separated by commas, like 5, 10, 25, 50, 100. Empty: 5, 10, 25, 50, 100.' })}
      <div className="grid gap-4 sm:grid-cols-2">
        {field('startsAt', 'Starts on', { type: 'date', hint: 'Empty: today.' })}
        {field('endsAt', 'Ends on', { type: 'date', hint: 'Empty: no end date.' })}
      </div>
      {field('reviewAbove', 'Review pledges above', {
        hint: 'In the currency above. A larger pledge waits for staff approval before it counts toward the goal. Empty: 1000.',
      })}
      {field('paymentInstructions', 'Payment instructions', {
        textarea: true,
        hint: 'Shown on the thank-you page and in the thank-you mail. Empty: the site-wide instructions from the settings.',
      })}
      <fieldset className="space-y-1">
        <legend className="text-sm font-semibold">Options</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="active" defaultChecked={checked('active')} key={`a:${checked('active')}`} /> Active (takes pledges)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="featured" defaultChecked={checked('featured')} key={`f:${checked('featured')}`} /> Featured across
          the site (replaces the current one)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="stopAtGoal" defaultChecked={checked('stopAtGoal')} key={`s:${checked('stopAtGoal')}`} /> Stop taking
          pledges once the goal is reached
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            name="publishMessagesAtOnce"
            defaultChecked={checked('publishMessagesAtOnce')}
            key={`m:${checked('publishMessagesAtOnce')}`}
          />{' '}
          Publish donor-wall messages at once (otherwise they wait for staff approval)
        </label>
      </fieldset>
      <button type="submit" disabled={pending} className="rounded bg-stone-900 px-4 py-2 font-semibold text-white disabled:opacity-60">
        Save campaign
      </button>
    </form>
  );
}
