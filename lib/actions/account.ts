'use server';
/**
 * Account settings actions: validate with zod, call lib/dal/users-account (which checks the session
 * itself), refresh what changed, answer with an ActionState that keeps what was typed.
 */
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import { z } from 'zod';
import { signOut } from '@/lib/auth';
import { reissueSession } from '@/lib/auth/reissue';
import { UnauthenticatedError, UserError } from '@/lib/errors';
import { formValues, type ActionState } from '@/lib/actions/state';
import { flash } from '@/lib/actions/form-flash';
import { getViewer } from '@/lib/dal/session';
import { tagsShowingUser } from '@/lib/dal/users';
import {
  changePassword,
  deleteMyAccount,
  removeAvatar,
  requestEmailChange,
  setAvatar,
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

function invalid(error: z.ZodError, values: Record<string, string>): ActionState {
  return {
    ok: false,
    message: 'Please correct the highlighted fields.',
    fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>,
    values,
  };
}

/** A refused write: the user's own message; a lost session sends them to sign in. */
function refused(err: unknown, values: Record<string, string>): ActionState {
  if (err instanceof UnauthenticatedError) redirect('/signin?next=/account');
  if (err instanceof UserError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values };
  throw err;
}

/** Their new name, picture or "Deleted user" shows at the next request of every page that shows them. */
async function expireUserEverywhere(userId: string) {
  for (const tag of await tagsShowingUser(userId)) updateTag(tag);
}

function field(formData: FormData, name: string): string {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
}

async function updateProfileActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = profileSchema.safeParse({ name: field(formData, 'name'), handle: field(formData, 'handle'), bio: field(formData, 'bio') });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const user = await updateProfile(parsed.data);
    await expireUserEverywhere(user.id);
  } catch (err) {
    return refused(err, values);
  }
  return { ok: true, message: 'Your profile is saved.', values };
}

async function avatarActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  try {
    if (formData.get('remove') === '1') {
      await removeAvatar();
    } else {
      const file = formData.get('avatar');
      if (!(file instanceof File) || file.size === 0) {
        return { ok: false, message: 'Choose an image file to upload.', fieldErrors: { avatar: ['Choose an image file.'] } };
      }
      await setAvatar(Buffer.from(await file.arrayBuffer()));
    }
    const viewer = await getViewer();
    if (viewer) await expireUserEverywhere(viewer.id);
  } catch (err) {
    return refused(err, {});
  }
  return {
    ok: true,
    message: formData.get('remove') === '1' ? 'Your picture was removed: your initials show instead.' : 'Your new picture is saved.',
  };
}

async function changeEmailActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = changeEmailSchema.safeParse({ email: field(formData, 'email'), currentPassword: field(formData, 'currentPassword') });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await requestEmailChange(parsed.data);
  } catch (err) {
    return refused(err, values);
  }
  return { ok: true, message: `We sent a confirmation link to ${parsed.data.email}. Your address changes when you open it.`, values: {} };
}

async function changePasswordActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = changePasswordSchema.safeParse({
    currentPassword: field(formData, 'currentPassword'),
    newPassword: field(formData, 'newPassword'),
  });
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    const user = await changePassword(parsed.data);
    // Every other session carries the old version now; this browser gets a fresh cookie with the new one.
    await reissueSession(user);
  } catch (err) {
    return refused(err, {});
  }
  // A new request, so the page reads the re-issued cookie (this one still carries the old session).
  redirect('/account/security?password=changed');
}

async function notificationPrefsActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = notificationPrefsSchema.safeParse({
    subscribed: formData.get('subscribed'),
    replies: formData.get('replies'),
    mentions: formData.get('mentions'),
  });
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    await updateNotificationPrefs(parsed.data);
  } catch (err) {
    return refused(err, {});
  }
  return { ok: true, message: 'Your notification settings are saved.' };
}

export async function signOutEverywhereAction(): Promise<void> {
  try {
    await signOutEverywhere();
  } catch (err) {
    if (!(err instanceof UnauthenticatedError)) throw err;
  }
  await signOut({ redirectTo: '/signin?signedout=everywhere' });
}

async function deleteAccountActionInner(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const values = formValues(formData);
  const parsed = deleteAccountSchema.safeParse({
    currentPassword: field(formData, 'currentPassword'),
    confirm: field(formData, 'confirm'),
  });
  if (!parsed.success) return invalid(parsed.error, values);
  let userId: string | undefined;
  try {
    userId = (await getViewer())?.id;
    await deleteMyAccount(parsed.data);
  } catch (err) {
    return refused(err, values);
  }
  if (userId) await expireUserEverywhere(userId);
  await signOut({ redirectTo: '/signin?deleted=1' });
  return { ok: true };
}

// The exported actions: each result is also kept for a page rendered after a post without JavaScript.
export async function updateProfileAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('profile', await updateProfileActionInner(prev, formData));
}
export async function avatarAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('avatar', await avatarActionInner(prev, formData));
}
export async function changeEmailAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('email', await changeEmailActionInner(prev, formData));
}
export async function changePasswordAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('password', await changePasswordActionInner(prev, formData));
}
export async function notificationPrefsAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('prefs', await notificationPrefsActionInner(prev, formData));
}
export async function deleteAccountAction(prev: ActionState, formData: FormData): Promise<ActionState> {
  return flash('delete', await deleteAccountActionInner(prev, formData));
}
