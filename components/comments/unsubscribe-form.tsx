'use client';
import { useActionState } from 'react';
import { unsubscribeAction } from '@/lib/actions/subscriptions';
import { initialState, type ActionState } from '@/lib/actions/state';

/** `initial`: the result of a post without JavaScript, read by the page (readFlash). */
export function UnsubscribeForm({ token, initial }: { token: string; initial?: ActionState }) {
  const [state, action, pending] = useActionState(unsubscribeAction, initial ?? initialState);
  if (state.ok)
    return (
      <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2">
        {state.message}
      </p>
    );
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending} className="rounded bg-stone-900 px-4 py-2 font-semibold text-white">
        Unsubscribe
      </button>
      {state.message && (
        <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2">
          {state.message}
        </p>
      )}
    </form>
  );
}
