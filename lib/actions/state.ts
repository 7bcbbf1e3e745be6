/**
 * The one shape every server action returns to its form (useActionState). `values` echoes what the user
 * typed so that a refused submission loses nothing, with or without JavaScript.
 */
import type { UserErrorCode } from '@/lib/errors';
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  /** Why it was refused, when the form acts on the reason (lib/errors.ts UserErrorCode). */
  code?: UserErrorCode;
};

export const initialState: ActionState = { ok: false };

/**
 * The one FormData converter: a plain object for zod (and for the echo, lib/actions/echo.ts). Text fields
 * only (files are read from the FormData itself); keys in `arrays` keep every value, others the last one;
 * Next's own `$ACTION…` fields are left out.
 */
export function formObject(formData: FormData, arrays: readonly string[] = []): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = arrays.includes(key) ? all : all.at(-1);
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}
