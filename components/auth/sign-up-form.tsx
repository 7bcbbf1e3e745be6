'use client';
import { useActionState } from 'react';
import { signUpAction } from '@/lib/actions/auth';
import { initialState, type ActionState } from '@/lib/actions/state';
import { PASSWORD_RULE } from '@/lib/validation/auth';
import { Field, FormMessage, buttonClass } from './fields';

export function SignUpForm({ initial }: { initial?: ActionState }) {
  const [state, action, pending] = useActionState(signUpAction, initial ?? initialState);
  if (state.ok) return <FormMessage state={state} />;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} maxLength={254} />
      <Field name="name" label="Display name" autoComplete="name" state={state} maxLength={80} hint="Shown with your comments." />
      <Field
        name="handle"
        label="Handle"
        autoComplete="username"
        state={state}
        maxLength={30}
        hint="For @mentions and your profile address: 3–30 letters, digits or underscores."
      />
      <Field name="password" label="Password" type="password" autoComplete="new-password" state={state} secret hint={PASSWORD_RULE} />
      <button type="submit" className={buttonClass} disabled={pending}>
        Create account
      </button>
    </form>
  );
}
