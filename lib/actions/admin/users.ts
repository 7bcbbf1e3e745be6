'use server';
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import type { ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import { changeRole, deleteUser, forceSignOut } from '@/lib/dal/admin/users';
import { tagsShowingUser } from '@/lib/dal/users';
import { changeRoleSchema, userIdSchema } from '@/lib/validation/admin';
import { adminAction } from './_shared';

/** Changes a user's role (admins only); it applies at their next request (session version bumped). */
export async function changeRoleAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, changeRoleSchema, { permission: 'users:manage' }, async (data) => {
    await changeRole(data.userId, data.role);
    updateTag(TAGS.user(data.userId));
    updateTag(TAGS.authors);
    return { ok: true, message: `Role changed to ${data.role}. It applies at their next request.` };
  });
}

/** Ends every session of the user. */
export async function forceSignOutAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, userIdSchema, { permission: 'users:manage' }, async (data) => {
    await forceSignOut(data.userId);
    return { ok: true, message: 'Signed out everywhere: they must sign in again.' };
  });
}

/** Deletes (anonymises) an account, then returns to the user list. */
export async function deleteUserAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, userIdSchema, { permission: 'users:manage' }, async (data) => {
    if (formData.get('confirm') !== 'delete') {
      return { ok: false, message: 'Type “delete” to confirm.', fieldErrors: { confirm: ['Type “delete” to confirm.'] } };
    }
    await deleteUser(data.userId);
    // "Deleted user" replaces their name on every cached thread they commented in, at the next request.
    for (const tag of await tagsShowingUser(data.userId)) updateTag(tag);
    redirect('/admin/users?deleted=1');
  });
}
