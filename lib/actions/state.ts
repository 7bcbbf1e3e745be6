/**
 * The one shape every server action returns to its form (useActionState). `values` echoes what the user
 * typed so that a refused submission loses nothing, with or without JavaScript.
 */
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

export const initialState: ActionState = { ok: false };

export function formValues(formData: FormData, omit: string[] = ['password', 'currentPassword', 'newPassword']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === 'string' && !k.startsWith('$ACTION') && !omit.includes(k)) values[k] = v;
  }
  return values;
}
