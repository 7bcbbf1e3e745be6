'use client';
import { useActionState } from 'react';
import type { SiteSettings } from '@/lib/settings';
import { adminButton, adminInput } from '@/components/admin/ui';
import { updateSettingsAction } from '@/lib/actions/admin/settings';
import { MAX_WORD_LENGTH, MAX_WORDS } from '@/lib/validation/admin';
import { Result } from './forms';

type NumberKey =
  'linkLimit' | 'editWindowMinutes' | 'maxReplyDepth' | 'commentIntervalSeconds' | 'newAccountDailyCap' | 'notificationBatchMinutes';
type BoolKey = 'holdFirstComment' | 'guestCommenting' | 'supporterBadge';

const NUMBERS: { key: NumberKey; label: string; hint: string; min: number; max: number }[] = [
  { key: 'linkLimit', label: 'Link limit', hint: 'A comment with more links than this is held.', min: 0, max: 50 },
  { key: 'editWindowMinutes', label: 'Edit window (minutes)', hint: 'How long authors can edit their comment.', min: 0, max: 1440 },
  { key: 'maxReplyDepth', label: 'Reply depth', hint: 'Deepest level of replies (1–8).', min: 1, max: 8 },
  {
    key: 'commentIntervalSeconds',
    label: 'Comment rate interval (seconds)',
    hint: 'Minimum time between two comments by one person.',
    min: 0,
    max: 3600,
  },
  {
    key: 'newAccountDailyCap',
    label: 'Daily comment cap for new accounts',
    hint: 'Comments per day in an account’s first week.',
    min: 1,
    max: 10000,
  },
  {
    key: 'notificationBatchMinutes',
    label: 'Notification batch window (minutes)',
    hint: 'At most one comment mail per reader and article in this time; the rest are batched.',
    min: 0,
    max: 1440,
  },
];
const NUMBER_DEFAULTS: Partial<Record<NumberKey, number>> = { notificationBatchMinutes: 5 };
const BOOLS: { key: BoolKey; label: string }[] = [
  { key: 'holdFirstComment', label: 'Hold a reader’s first comment for review' },
  { key: 'guestCommenting', label: 'Allow guest commenting (without an account)' },
  { key: 'supporterBadge', label: 'Show a supporter badge next to pledgers’ comments (never for an anonymous pledge)' },
];

/** The site settings form. After a refused save it shows what was typed, not the stored values. */
export function SettingsForm({ current }: { current: SiteSettings }) {
  const [state, formAction, pending] = useActionState(updateSettingsAction, undefined);
  const v = state?.values;
  const text = (k: keyof SiteSettings, fallback: string) => v?.[k] ?? fallback;
  const checked = (k: BoolKey) => (v ? v[k] === 'on' : current[k]);
  const errors = state?.fieldErrors ?? {};
  const err = (k: string) =>
    errors[k]?.length ? (
      <p id={`s-${k}-error`} className="mt-1 text-sm text-red-700">
        {errors[k]!.join(' ')}
      </p>
    ) : null;
  const aria = (k: string) => ({
    'aria-invalid': errors[k]?.length ? true : undefined,
    'aria-describedby': errors[k]?.length ? `s-${k}-error` : `s-${k}-hint`,
  });
  const formKey = JSON.stringify(v ?? {});
  return (
    <form action={formAction} className="max-w-3xl space-y-6" key={formKey}>
      <fieldset className="space-y-4">
        <legend className="text-lg font-semibold">Words</legend>
        {(['bannedWords', 'suspectWords'] as const).map((k) => (
          <div key={k}>
            <label htmlFor={`s-${k}`} className="block text-sm font-semibold">
              {k === 'bannedWords' ? 'Banned words' : 'Suspect words'}
            </label>
            <p id={`s-${k}-hint`} className="text-sm text-stone-600">
              {k === 'bannedWords'
                ? 'A comment containing one is held and never published as is.'
                : 'A comment containing one is held for review.'}
              {` One word or phrase per line (at most ${MAX_WORDS}, each up to ${MAX_WORD_LENGTH} characters); case does not matter.`}
            </p>
            <textarea id={`s-${k}`} name={k} rows={5} defaultValue={text(k, current[k].join('\n'))} className={adminInput} {...aria(k)} />
            {err(k)}
          </div>
        ))}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Comment rules</legend>
        {NUMBERS.map((n) => (
          <div key={n.key}>
            <label htmlFor={`s-${n.key}`} className="block text-sm font-semibold">
              {n.label}
            </label>
            <p id={`s-${n.key}-hint`} className="text-sm text-stone-600">
              {n.hint}
            </p>
            <input
              id={`s-${n.key}`}
              name={n.key}
              type="number"
              inputMode="numeric"
              min={n.min}
              max={n.max}
              step={1}
              required
              defaultValue={text(n.key, String(current[n.key] ?? NUMBER_DEFAULTS[n.key] ?? ''))}
              className={adminInput}
              {...aria(n.key)}
            />
            {err(n.key)}
          </div>
        ))}
      </fieldset>
      <div>
        <label htmlFor="s-unverifiedComments" className="block text-sm font-semibold">
          Comments from unverified accounts
        </label>
        <p id="s-unverifiedComments-hint" className="text-sm text-stone-600">
          Accounts that have not confirmed their email address (cheap to make by the dozen) never vote. Their comments are held for review,
          or refused until the address is verified.
        </p>
        <select
          id="s-unverifiedComments"
          name="unverifiedComments"
          defaultValue={text('unverifiedComments', current.unverifiedComments)}
          className={adminInput}
          {...aria('unverifiedComments')}
        >
          <option value="hold">Hold for review</option>
          <option value="refuse">Refuse until the address is verified</option>
        </select>
        {err('unverifiedComments')}
      </div>
      <fieldset className="space-y-2">
        <legend className="mb-2 text-lg font-semibold">Switches</legend>
        {BOOLS.map((b) => (
          <div key={b.key} className="flex items-start gap-2">
            <input id={`s-${b.key}`} name={b.key} type="checkbox" defaultChecked={checked(b.key)} className="mt-1 h-5 w-5" />
            <label htmlFor={`s-${b.key}`}>{b.label}</label>
          </div>
        ))}
      </fieldset>
      <div>
        <label htmlFor="s-paymentInstructions" className="block text-sm font-semibold">
          Payment instructions
        </label>
        <p id="s-paymentInstructions-hint" className="text-sm text-stone-600">
          Shown to every pledger after they pledge.
        </p>
        <textarea
          id="s-paymentInstructions"
          name="paymentInstructions"
          rows={4}
          maxLength={5000}
          defaultValue={text('paymentInstructions', current.paymentInstructions)}
          className={adminInput}
          {...aria('paymentInstructions')}
        />
        {err('paymentInstructions')}
      </div>
      <Result state={state} />
      <button type="submit" disabled={pending} className={adminButton}>
        Save settings
      </button>
    </form>
  );
}
