'use client';
import { useActionState, useEffect, useId, useState } from 'react';
import { subscribeAction } from '@/lib/actions/subscriptions';
import { initialState, type ActionState } from '@/lib/actions/state';
import { useViewerState } from './viewer-store';

/**
 * "Notify me of": new comments on this article, replies to my comments, or nothing. On pages rendered per
 * request the server hands over the saved choice (`current`) and the result of a post without JavaScript.
 */
export function SubscribeForm({ articleId, current, initial }: { articleId: string; current?: string; initial?: ActionState }) {
  const [state, action, pending] = useActionState(subscribeAction, initial ?? initialState);
  const viewerState = useViewerState();
  const [kind, setKind] = useState(state.values?.kind ?? current ?? 'none');
  const [touched, setTouched] = useState(false);
  const id = useId();
  useEffect(() => {
    // Show the saved choice once it is known, unless the reader already picked something.
    if (viewerState?.viewer && !touched) setKind(viewerState.subscription ?? 'none');
  }, [viewerState, touched]);
  if (viewerState && !viewerState.viewer) return null;
  return (
    <form action={action} className="my-3 flex flex-wrap items-center gap-2 text-sm">
      <input type="hidden" name="articleId" value={articleId} />
      <label htmlFor={`${id}-kind`} className="font-semibold">
        Notify me of
      </label>
      <select
        id={`${id}-kind`}
        name="kind"
        value={kind}
        onChange={(e) => {
          setTouched(true);
          setKind(e.target.value);
        }}
        className="rounded border border-stone-400 px-2 py-1"
      >
        <option value="none">Nothing</option>
        <option value="replies">Replies to my comments</option>
        <option value="all">All new comments</option>
      </select>
      <button type="submit" disabled={pending} className="rounded border border-stone-900 px-3 py-1 font-semibold">
        Save
      </button>
      {state.message && (
        <span role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-green-800' : 'text-red-700'}>
          {state.message}
        </span>
      )}
    </form>
  );
}
