'use client';
/**
 * One labelled field of the article form: its label, an optional hint, the control bound to the form's
 * state, and its errors, with aria-invalid and aria-describedby tying hint and errors to the control.
 */
import type { ChangeEvent, ReactNode } from 'react';
import { adminInput } from '../ui';
import { FieldError } from './field-error';
import type { FieldGroupProps, Fields } from './fields';

/** The fields held as text (status is a union of strings; publishAt, nullable, passes its own `value`). */
type TextField = { [K in keyof Fields]: Fields[K] extends string ? K : never }[keyof Fields] | 'publishAt';

/** What the control gets: spread it on an input or textarea; a select takes `disabled` for `readOnly`. */
export type ControlProps = {
  id: string;
  name: TextField;
  value: string;
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
  readOnly: boolean;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  className: string;
};

export function EditorField({
  g: { f, set, readOnly, uid, a11y },
  name,
  label,
  hint,
  value,
  children,
}: {
  g: FieldGroupProps;
  name: TextField;
  label: string;
  hint?: ReactNode;
  /** What the control shows, when it is not the field's own value. */
  value?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = `${uid}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        name,
        value: value ?? f[name] ?? '',
        onChange: (e) => set(name, e.target.value as Fields[typeof name]),
        readOnly,
        'aria-invalid': a11y.inv(name),
        'aria-describedby': [hintId, a11y.desc(name)].filter(Boolean).join(' ') || undefined,
        className: adminInput,
      })}
      <FieldError id={`${id}-err`} errors={a11y.err(name)} />
    </div>
  );
}
