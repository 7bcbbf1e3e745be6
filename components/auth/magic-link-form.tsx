'use client';
import { useActionState } from 'react';
import { magicLinkAction } from '@/lib/actions/auth';
import { initialState, type ActionState } from '@/lib/actions/state';
import { FormMessage } from './fields';

export function MagicLinkForm({ initial }: { initial?: ActionState }) {
  const [state, action, pending] = useActionState(magicLinkAction, initial ?? initialState);
  const errors = state.fieldErrors?.email;
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <label htmlFor="magic-email" className="block text-sm font-semibold">
        Email for a sign-in link
      </label>
      <div className="flex gap-2">
        <input
          id="magic-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          defaultValue={state.values?.email}
          key={state.values?.email ?? ''}
          aria-invalid={errors?.length ? true : undefined}
          className="block w-full rounded border border-stone-400 bg-white px-3 py-2"
        />
        <button type="submit" disabled={pending} className="shrink-0 rounded border border-stone-900 px-3 py-2 font-semibold">
          Email me a link
        </button>
      </div>
      {errors?.length ? <p className="text-sm text-red-700">{errors.join(' ')}</p> : null}
    </form>
  );
}
