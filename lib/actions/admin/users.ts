'use server';
import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/safe-action';
import { changeRole, deleteUser, forceSignOut } from '@/lib/dal/admin/users';
import { changeRoleSchema, deleteUserSchema, userIdSchema } from '@/lib/validation/admin';

const access = { permission: 'users:manage' } as const;

/** Changes a user's role (admins only); it applies at their next request (session version bumped). */
export const changeRoleAction = action({ access, schema: changeRoleSchema }, async (data) => {
  await changeRole(data.userId, data.role);
  return { ok: true, message: `Role changed to ${data.role}. It applies at their next request.` };
});

/** Ends every session of the user. */
export const forceSignOutAction = action({ access, schema: userIdSchema }, async (data) => {
  await forceSignOut(data.userId);
  return { ok: true, message: 'Signed out everywhere: they must sign in again.' };
});

/** Deletes (anonymises) an account, then returns to the user list. */
export const deleteUserAction = action(
  { access, schema: deleteUserSchema, invalid: (e) => e.confirm?.[0] ?? 'Please check the form.' },
  async (data) => {
    await deleteUser(data.userId);
    redirect('/admin/users?deleted=1');
  },
);
