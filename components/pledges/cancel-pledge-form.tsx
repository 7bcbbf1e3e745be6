'use client';
import { useActionState } from 'react';
import { cancelOwnPledgeAction, cancelPledgeWithTokenAction } from '@/lib/actions/pledges';
import { initialState } from '@/lib/actions/state';

/** "Cancel this pledge": with the mail link's token, or (signed in) one of your own pledges. */
export function CancelPledgeForm({ pledgeId, token, label = 'Cancel this pledge' }: { pledgeId: string; token?: string; label?: string }) {
  const [state, action, pending] = useActionState(token ? cancelPledgeWithTokenAction : cancelOwnPledgeAction, initialState);
  return (
    <form action={action} className="space-y-2">
      {state.message ? (
        <p
          role={state.ok ? 'status' : 'alert'}
          className={`rounded border px-3 py-2 ${state.ok ? 'border-green-700 bg-green-50' : 'border-red-700 bg-red-50'}`}
        >
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="pledgeId" value={pledgeId} />
      {token ? <input type="hidden" name="token" value={token} /> : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-red-700 bg-white px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        {label}
      </button>
    </form>
  );
}
