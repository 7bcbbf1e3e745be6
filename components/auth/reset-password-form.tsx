'use client';
import { useActionState } from 'react';
import { resetPasswordAction } from '@/lib/actions/auth';
import { initialState, type ActionState } from '@/lib/actions/state';
import { PASSWORD_RULE } from '@/lib/validation/auth';
import { Field, FormMessage, buttonClass } from './fields';

export function ResetPasswordForm({ token, initial }: { token: string; initial?: ActionState }) {
  const [state, action, pending] = useActionState(resetPasswordAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <Field name="password" label="New password" type="password" autoComplete="new-password" state={state} secret hint={PASSWORD_RULE} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Set new password
      </button>
    </form>
  );
}
