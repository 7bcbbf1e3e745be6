'use client';
import { useActionState } from 'react';
import { flagCommentAction } from '@/lib/actions/comments';
import { initialState, type ActionState } from '@/lib/actions/state';
import { FLAG_REASONS } from '@/lib/validation/comment-rules';

/** `initial`: the result of a post without JavaScript, handed over by the page that read it (readFlash). */
export function FlagButton({ commentId, initial }: { commentId: number; initial?: ActionState }) {
  const [state, action, pending] = useActionState(flagCommentAction, initial ?? initialState);
  return (
    // Open again after a post without JavaScript, so its result shows.
    <details className="inline-block text-sm" open={state.message ? true : undefined}>
      <summary className="inline-flex h-8 cursor-pointer list-none items-center rounded border border-stone-300 px-2 hover:bg-stone-100">
        Report
      </summary>
      {state.ok ? (
        <p role="status" className="mt-1">
          {state.message}
        </p>
      ) : (
        <form action={action} className="mt-1 flex flex-wrap items-center gap-2">
          <input type="hidden" name="commentId" value={commentId} />
          <label htmlFor={`flag-${commentId}`}>Reason</label>
          <select id={`flag-${commentId}`} name="reason" className="rounded border border-stone-400 px-1 py-0.5" defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {FLAG_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" disabled={pending} className="rounded border border-stone-900 px-2 py-0.5">
            Send report
          </button>
          {state.message && (
            <span role="alert" className="text-red-700">
              {state.message}
            </span>
          )}
        </form>
      )}
    </details>
  );
}
