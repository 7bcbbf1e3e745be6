'use client';
import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/state';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/** A one-button form for a newsroom action (delete, restore…), with its result announced. Works without JS. */
export function ActionButton({
  action,
  fields,
  label,
  className,
  confirm,
}: {
  action: Action;
  fields: Record<string, string>;
  label: string;
  className?: string;
  confirm?: string;
}) {
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form
      action={formAction}
      className="inline-flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button
        type="submit"
        disabled={pending}
        className={className ?? 'rounded border border-stone-800 px-3 py-1.5 text-sm font-semibold hover:bg-stone-100'}
      >
        {label}
      </button>
      {state?.message ? (
        <span role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-green-800' : 'text-red-700'}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
