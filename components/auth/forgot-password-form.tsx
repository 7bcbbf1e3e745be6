'use client';
import { useActionState } from 'react';
import { forgotPasswordAction } from '@/lib/actions/auth';
import { initialState, type ActionState } from '@/lib/actions/state';
import { Field, FormMessage, buttonClass } from './fields';

export function ForgotPasswordForm({ initial }: { initial?: ActionState }) {
  const [state, action, pending] = useActionState(forgotPasswordAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} maxLength={254} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Send reset link
      </button>
    </form>
  );
}
