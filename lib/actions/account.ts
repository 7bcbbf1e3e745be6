'use server';
/**
 * Account settings, through the one wrapper (lib/actions/safe-action.ts): lib/dal/users-account checks the
 * session itself and dirties the pages that show the user. A lost session goes to sign in; each result is also
 * kept for the page rendered after a post without JavaScript. The profile picture is uploaded to its own route
 * (app/account/avatar/route.ts), which alone takes a 5 MB body.
 */
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signOut } from '@/lib/auth';
import { reissueSession } from '@/lib/auth/reissue';
import { action } from '@/lib/actions/safe-action';
import {
  changePassword,
  deleteMyAccount,
  requestEmailChange,
  signOutEverywhere,
  updateNotificationPrefs,
  updateProfile,
} from '@/lib/dal/users-account';
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  notificationPrefsSchema,
  profileSchema,
} from '@/lib/validation/auth';

const account = {
  access: 'signed-in',
  signedOut: { redirect: '/signin?next=/account' },
  invalid: 'Please correct the highlighted fields.',
} as const;

export const updateProfileAction = action({ ...account, schema: profileSchema, flash: 'profile' }, async (data, { values }) => {
  await updateProfile(data);
  return { ok: true, message: 'Your profile is saved.', values };
});

export const changeEmailAction = action({ ...account, schema: changeEmailSchema, flash: 'email' }, async (data) => {
  await requestEmailChange(data);
  return { ok: true, message: `We sent a confirmation link to ${data.email}. Your address changes when you open it.`, values: {} };
});

export const changePasswordAction = action({ ...account, schema: changePasswordSchema, flash: 'password' }, async (data) => {
  const user = await changePassword(data);
  // Every other session carries the old version now; this browser gets a fresh cookie with the new one.
  await reissueSession(user);
  // A new request, so the page reads the re-issued cookie (this one still carries the old session).
  redirect('/account/security?password=changed');
});

export const notificationPrefsAction = action({ ...account, schema: notificationPrefsSchema, flash: 'prefs' }, async (data) => {
  await updateNotificationPrefs(data);
  return { ok: true, message: 'Your notification settings are saved.' };
});

/** Ends every session of this account, this one included. */
export const signOutEverywhereAction = action({ ...account, schema: z.object({}) }, async () => {
  await signOutEverywhere();
  await signOut({ redirectTo: '/signin?signedout=everywhere' });
});

export const deleteAccountAction = action({ ...account, schema: deleteAccountSchema, flash: 'delete' }, async (data) => {
  await deleteMyAccount(data);
  await signOut({ redirectTo: '/signin?deleted=1' });
});
