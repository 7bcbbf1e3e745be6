'use client';
import { useActionState } from 'react';
import Link from '@/components/ui/link';
import { signInAction } from '@/lib/actions/auth';
import { initialState, type ActionState } from '@/lib/actions/state';
import { Field, FormMessage, buttonClass } from './fields';

export function SignInForm({ next, initial }: { next?: string; initial?: ActionState }) {
  const [state, action, pending] = useActionState(signInAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field name="email" label="Email" type="email" autoComplete="email" state={state} maxLength={254} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" state={state} secret />
      <div className="flex items-center justify-between gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          Sign in
        </button>
        <Link href="/forgot-password" className="text-sm underline">
          Forgot your password?
        </Link>
      </div>
    </form>
  );
}
