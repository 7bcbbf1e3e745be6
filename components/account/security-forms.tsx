'use client';
import { useActionState } from 'react';
import { changeEmailAction, changePasswordAction, deleteAccountAction, notificationPrefsAction } from '@/lib/actions/account';
import { initialState, type ActionState } from '@/lib/actions/state';
import { PASSWORD_RULE } from '@/lib/validation/auth';
import { Field, FormMessage, buttonClass } from '@/components/auth/fields';

/**
 * The current password, asked before a change to the account; an account without one (signed up by
 * link) posts a placeholder, which the schema's "required" accepts and the DAL does not check.
 */
function CurrentPassword({ hasPassword, state, idPrefix }: { hasPassword: boolean; state: ActionState; idPrefix: string }) {
  return hasPassword ? (
    <Field
      name="currentPassword"
      label="Current password"
      type="password"
      autoComplete="current-password"
      state={state}
      secret
      idPrefix={idPrefix}
    />
  ) : (
    <input type="hidden" name="currentPassword" value="-" />
  );
}

export function ChangeEmailForm({ hasPassword, initial }: { hasPassword: boolean; initial?: ActionState }) {
  const [state, action, pending] = useActionState(changeEmailAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="email" label="New email address" type="email" autoComplete="email" state={state} maxLength={254} idPrefix="email" />
      <CurrentPassword hasPassword={hasPassword} state={state} idPrefix="email" />
      <button type="submit" className={buttonClass} disabled={pending}>
        Send confirmation link
      </button>
    </form>
  );
}

export function ChangePasswordForm({ hasPassword, initial }: { hasPassword: boolean; initial?: ActionState }) {
  const [state, action, pending] = useActionState(changePasswordAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <CurrentPassword hasPassword={hasPassword} state={state} idPrefix="pw" />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        state={state}
        secret
        hint={PASSWORD_RULE}
      />
      <button type="submit" className={buttonClass} disabled={pending}>
        {hasPassword ? 'Change password' : 'Set password'}
      </button>
    </form>
  );
}

type Prefs = { subscribed: boolean; replies: boolean; mentions: boolean };
const PREFS: { name: keyof Prefs; label: string; hint: string }[] = [
  { name: 'subscribed', label: 'New comments on threads I follow', hint: 'For articles where you chose “Notify me”.' },
  { name: 'replies', label: 'Replies to my comments', hint: 'Even on threads you do not follow.' },
  { name: 'mentions', label: 'Mentions of my @handle', hint: 'When someone writes your handle in a comment.' },
];

export function NotificationPrefsForm({ prefs, initial }: { prefs: Prefs; initial?: ActionState }) {
  const [state, action, pending] = useActionState(notificationPrefsAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold">Email me about</legend>
        {PREFS.map((p) => (
          <div key={p.name} className="flex items-start gap-2">
            <input
              id={`pref-${p.name}`}
              name={p.name}
              type="checkbox"
              defaultChecked={prefs[p.name]}
              aria-describedby={`pref-${p.name}-hint`}
              className="mt-1 size-4"
            />
            <div>
              <label htmlFor={`pref-${p.name}`} className="font-medium">
                {p.label}
              </label>
              <p id={`pref-${p.name}-hint`} className="text-sm text-stone-600">
                {p.hint}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <button type="submit" className={buttonClass} disabled={pending}>
        Save notification settings
      </button>
    </form>
  );
}

export function DeleteAccountForm({ hasPassword, initial }: { hasPassword: boolean; initial?: ActionState }) {
  const [state, action, pending] = useActionState(deleteAccountAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {hasPassword && (
        <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" state={state} secret />
      )}
      <Field name="confirm" label="Type DELETE to confirm" state={state} autoComplete="off" maxLength={20} />
      <button
        type="submit"
        className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
        disabled={pending}
      >
        Delete my account
      </button>
    </form>
  );
}
