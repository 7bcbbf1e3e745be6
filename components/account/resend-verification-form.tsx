'use client';
import { useActionState } from 'react';
import { resendVerificationAction } from '@/lib/actions/auth';
import { initialState, type ActionState } from '@/lib/actions/state';
import { FormMessage } from '@/components/auth/fields';

export function ResendVerificationForm({ initial }: { initial?: ActionState }) {
  const [state, action, pending] = useActionState(resendVerificationAction, initial ?? initialState);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <button type="submit" disabled={pending} className="rounded border border-stone-900 px-3 py-1.5 text-sm font-semibold">
        Send the link again
      </button>
    </form>
  );
}
