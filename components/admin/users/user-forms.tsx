'use client';
import { useActionState } from 'react';
import type { Role } from '@/db/schema';
import { adminButton, adminDanger, adminInput } from '@/components/admin/ui';
import { Result } from '@/components/admin/moderation/forms';
import { changeRoleAction, deleteUserAction } from '@/lib/actions/admin/users';

const ROLE_OPTIONS: Role[] = ['reader', 'author', 'editor', 'moderator', 'admin'];

export function RoleForm({ userId, role }: { userId: string; role: Role }) {
  const [state, formAction, pending] = useActionState(changeRoleAction, undefined);
  const value = state?.values?.role ?? role;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <div>
        <label htmlFor="u-role" className="block text-sm font-semibold">
          Role
        </label>
        <select id="u-role" name="role" defaultValue={value} key={value} className={adminInput}>
          {ROLE_OPTIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className={adminButton}>
        Change role
      </button>
      <div className="basis-full">
        <Result state={state} />
      </div>
    </form>
  );
}

/** Deleting asks the admin to type "delete": a mistaken click loses an account's identity for good. */
export function DeleteUserForm({ userId, handle }: { userId: string; handle: string }) {
  const [state, formAction, pending] = useActionState(deleteUserAction, undefined);
  const errors = state?.fieldErrors?.confirm;
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor="u-confirm" className="block text-sm font-semibold">
        Type “delete” to delete @{handle}
      </label>
      <input
        id="u-confirm"
        name="confirm"
        autoComplete="off"
        defaultValue={state?.values?.confirm ?? ''}
        key={state?.values?.confirm ?? ''}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? 'u-confirm-error' : undefined}
        className={adminInput}
      />
      {errors?.length ? (
        <p id="u-confirm-error" className="text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={adminDanger}>
        Delete account
      </button>
      <Result state={state} />
    </form>
  );
}
