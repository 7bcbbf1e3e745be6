import type { ActionState } from '@/lib/actions/state';

export const inputClass =
  'mt-1 block w-full rounded border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600';
export const buttonClass = 'rounded bg-stone-900 px-4 py-2 font-semibold text-white hover:bg-stone-700 disabled:opacity-60';

type FieldProps = {
  name: string;
  label: string;
  state: ActionState;
  type?: string;
  autoComplete?: string;
  hint?: string;
  required?: boolean;
  defaultValue?: string;
  maxLength?: number;
  minLength?: number;
  /** Never echo secrets back into the page. */
  secret?: boolean;
  /** Keeps ids unique when two forms on one page have a field of the same name. */
  idPrefix?: string;
};

/** A labelled input that shows its own error and keeps what the user typed after a refused submission. */
export function Field({
  name,
  label,
  state,
  type = 'text',
  autoComplete,
  hint,
  required = true,
  defaultValue,
  maxLength,
  minLength,
  secret,
  idPrefix = 'f',
}: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const errors = state.fieldErrors?.[name];
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        maxLength={maxLength}
        minLength={minLength}
        defaultValue={secret ? undefined : (state.values?.[name] ?? defaultValue)}
        // A new key when the echoed value changes makes React apply the new defaultValue.
        key={secret ? undefined : `${name}:${state.values?.[name] ?? defaultValue ?? ''}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={inputClass}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message: an alert when refused, a status when done. */
export function FormMessage({ state }: { state: ActionState }) {
  if (!state.message) return null;
  return state.ok ? (
    <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2 text-red-900">
      {state.message}
    </p>
  );
}
