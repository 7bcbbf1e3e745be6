'use client';
import { useActionState, useId } from 'react';
import type { ActionState } from '@/lib/actions/state';
import { adminButton, adminInput } from './ui';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

function Msg({ state }: { state: ActionState | undefined }) {
  if (!state?.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-green-800' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

function TextField({
  name,
  label,
  state,
  value,
  required,
}: {
  name: string;
  label: string;
  state?: ActionState;
  value?: string;
  required?: boolean;
}) {
  const id = useId();
  const errors = state?.fieldErrors?.[name];
  const current = state?.values?.[name] ?? value ?? '';
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <input
        id={id}
        name={name}
        defaultValue={current}
        key={current}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        className={adminInput}
      />
      {errors?.length ? <p className="text-sm text-red-700">{errors.join(' ')}</p> : null}
    </div>
  );
}

/** Create (no `category`) or edit a section. */
export function CategoryForm({
  action,
  category,
  submitLabel,
}: {
  action: Action;
  category?: { id: string; name: string; slug: string; description: string };
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const keep = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} className="grid gap-2 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-end">
      {category ? <input type="hidden" name="id" value={category.id} /> : null}
      <TextField name="name" label="Name" state={keep} value={category?.name} required />
      <TextField name="slug" label="Slug" state={keep} value={category?.slug} />
      <TextField name="description" label="Description" state={keep} value={category?.description} />
      <button type="submit" disabled={pending} className={adminButton}>
        {submitLabel}
      </button>
      <div className="sm:col-span-4">
        <Msg state={state} />
      </div>
    </form>
  );
}

export function TagForm({ action, tag }: { action: Action; tag: { id: string; name: string } }) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const id = useId();
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="id" value={tag.id} />
      <div className="min-w-0">
        <label htmlFor={id} className="sr-only">
          Name of tag {tag.name}
        </label>
        <input
          id={id}
          name="name"
          defaultValue={state && !state.ok ? (state.values?.name ?? tag.name) : tag.name}
          className={`${adminInput} mt-0`}
        />
      </div>
      <button type="submit" disabled={pending} className="rounded border border-stone-800 px-3 py-2 text-sm font-semibold">
        Rename
      </button>
      <Msg state={state} />
    </form>
  );
}
