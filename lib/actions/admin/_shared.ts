import 'server-only';
import type { z } from 'zod';
import { formValues, type ActionState } from '@/lib/actions/state';
import type { Permission } from '@/lib/auth/roles';
import { requireStaff } from '@/lib/dal/admin/guard';
import { UserError } from '@/lib/errors';
import { formObject } from '@/lib/validation/admin';

/**
 * The one shape of every newsroom action: check the permission (the DAL checks again: it is the
 * boundary), validate the FormData with zod, run the DAL call, and turn safe errors into ActionState
 * with the user's input echoed back. Anything else (including Next's redirect) propagates.
 */
export async function adminAction<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  opts: { permission: Permission; arrays?: readonly string[] },
  fn: (data: z.infer<S>) => Promise<ActionState | void>,
): Promise<ActionState> {
  const values = formValues(formData);
  try {
    await requireStaff(opts.permission);
    const parsed = schema.safeParse(formObject(formData, opts.arrays));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'form');
        (fieldErrors[key] ??= []).push(issue.message);
      }
      const first = parsed.error.issues[0]?.message;
      return { ok: false, message: first ? `Please check the form: ${first}` : 'Please check the form.', fieldErrors, values };
    }
    return (await fn(parsed.data)) ?? { ok: true, message: 'Saved.' };
  } catch (err) {
    return toState(err, values);
  }
}

export function toState(err: unknown, values?: Record<string, string>): ActionState {
  if (err instanceof UserError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values };
  throw err;
}
