import 'server-only';
/**
 * The signed-in user's own account: profile, avatar, email change, password change, notification
 * preferences, deletion and sign-out-everywhere (the data export is in ./users-export). Every function
 * authorizes itself with requireViewer(): callers pass only what the user typed, never whose account it is.
 * A write that changes how the user appears to others (name, handle, bio, picture, deletion) dirties the
 * tags of every page that shows them (tagsShowingUser); mail goes through lib/mail/account-mail.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { getDb } from '@/db/client';
import { accounts, authTokens, subscriptions, users, type User } from '@/db/schema';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { assertAcceptablePassword } from '@/lib/auth/password-policy';
import { issueToken } from '@/lib/auth/tokens';
import { invalidate } from '@/lib/cache-invalidate';
import { assertNoBannedWords } from '@/lib/comments/moderation';
import { UserError } from '@/lib/errors';
import { runInBackground } from '@/lib/mail/background';
import { mailEmailChangeLink, mailEmailInUse, mailPasswordChanged } from '@/lib/mail/account-mail';
import { AVATAR_MAX_BYTES, AVATAR_MAX_LABEL, AVATAR_TOO_BIG, mediaUrl } from '@/lib/media';
import { mediaStore } from '@/lib/storage';
import { hitLimit, resetLimit, retryMessage } from '@/lib/rate-limit';
import { loadSettings } from '@/lib/settings';
import { recordAudit } from './audit';
import { assertNotBanned, requireViewer, toViewer } from './session';
import { duplicateUserError, eraseUser, getUserByEmail, getUserByHandle, getUserById, tagsShowingUser } from './users';

/** What the account pages show and the forms start from. */
export type NotificationSettings = { subscribed: boolean; replies: boolean; mentions: boolean };

/**
 * The user's notification preferences with defaults filled in. `subscribed` (mail about new comments on
 * threads I follow) lives in the same jsonb column as the two keys the schema types.
 */
export function notificationSettings(user: Pick<User, 'notificationPrefs'>): NotificationSettings {
  const p = (user.notificationPrefs ?? {}) as Partial<NotificationSettings>;
  return { subscribed: p.subscribed !== false, replies: p.replies !== false, mentions: p.mentions !== false };
}

/** The signed-in user's own row (refused when signed out, or when the account was deleted meanwhile). */
export async function currentUser(): Promise<User> {
  const viewer = await requireViewer();
  const user = await getUserById(viewer.id);
  if (!user || user.deletedAt) throw new UserError('This account no longer exists.', 404);
  return user;
}

/** Checks the current password; wrong answers count toward the account's sign-in throttle. */
async function assertCurrentPassword(user: User, password: string, field = 'currentPassword'): Promise<void> {
  if (!user.passwordHash) return; // magic-link / OAuth accounts have no password to confirm
  const ok = await verifyPassword(user.passwordHash, password);
  if (ok) return;
  const limit = await hitLimit('signinAccount', user.email.toLowerCase());
  if (limit.limited) throw new UserError(retryMessage(limit.retryAfterSec), 429);
  throw new UserError('Your current password is not right.', 400, { [field]: ['That is not your current password.'] });
}

export async function getAccount(): Promise<User & { settings: NotificationSettings; pendingEmail: string | null }> {
  const user = await currentUser();
  const db = await getDb();
  const [pending] = await db
    .select({ data: authTokens.data })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.userId, user.id),
        eq(authTokens.purpose, 'change_email'),
        sql`${authTokens.usedAt} is null`,
        sql`${authTokens.expiresAt} > now()`,
      ),
    )
    .orderBy(desc(authTokens.createdAt))
    .limit(1);
  return { ...user, settings: notificationSettings(user), pendingEmail: pending?.data ?? null };
}

export async function updateProfile(input: { name: string; handle: string; bio: string }): Promise<User> {
  const user = await currentUser();
  // A ban freezes what others see of the account (name, handle, bio, picture).
  assertNotBanned(toViewer(user));
  assertNoBannedWords(input, (await loadSettings()).bannedWords);
  const other = await getUserByHandle(input.handle);
  if (other && other.id !== user.id) {
    throw new UserError('That handle is taken. Choose another one.', 409, { handle: ['That handle is taken.'] });
  }
  const db = await getDb();
  try {
    const [row] = await db
      .update(users)
      .set({
        name: input.name,
        handle: input.handle,
        bio: input.bio || null,
        updatedAt: new Date(),
      })
      .where(eq(users.id, user.id))
      .returning();
    await invalidate(await tagsShowingUser(user.id));
    return row;
  } catch (err) {
    throw duplicateUserError(err) ?? err;
  }
}

const AVATAR_SIZE = 256;
/** Raster formats sharp may decode for an avatar; decided from the decoded file, never its name or type. */
const AVATAR_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif']);
const AVATAR_TYPES = 'Upload a JPEG, PNG, WebP, GIF or AVIF image.';

/** The raster format of the bytes (sharp's decoder), or null when it is not one we accept. */
async function avatarFormat(input: Buffer): Promise<string | null> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, { limitInputPixels: 40_000_000 }).metadata();
  } catch {
    return null;
  }
  if (meta.format && AVATAR_FORMATS.has(meta.format)) return meta.format;
  // sharp reports AVIF as "heif" with AV1 compression; other HEIF files are not accepted.
  if (meta.format === 'heif' && meta.compression === 'av1') return 'avif';
  return null;
}

/** Resizes an uploaded picture to a square WebP avatar (metadata dropped) and makes it the user's image. */
export async function setAvatar(input: Buffer): Promise<string> {
  const user = await currentUser();
  assertNotBanned(toViewer(user));
  if (input.length === 0) throw new UserError('Choose an image file to upload.', 400, { avatar: ['Choose an image file.'] });
  if (input.length > AVATAR_MAX_BYTES) throw new UserError(AVATAR_TOO_BIG, 413, { avatar: [`At most ${AVATAR_MAX_LABEL}.`] });
  // Only what the decoder recognises counts: SVG (with a comment, a BOM or a doctype in front), HTML or
  // anything else that is not one of these raster formats is refused.
  if (!(await avatarFormat(input))) {
    throw new UserError(`That file is not a picture we accept (SVG and other non-raster files are refused). ${AVATAR_TYPES}`, 415, {
      avatar: ['Use a JPEG, PNG, WebP, GIF or AVIF image.'],
    });
  }
  let out: Buffer;
  try {
    out = await sharp(input, { limitInputPixels: 40_000_000, animated: false })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new UserError(`That file is not an image we can read. ${AVATAR_TYPES}`, 415, { avatar: ['Not a readable image.'] });
  }
  const key = `avatars/${user.id}-${randomBytes(6).toString('hex')}.webp`;
  await mediaStore().put(key, new Uint8Array(out), 'image/webp');
  const db = await getDb();
  await db
    .update(users)
    .set({ image: mediaUrl(key), updatedAt: new Date() })
    .where(eq(users.id, user.id));
  await removeAvatarFile(user.image);
  await invalidate(await tagsShowingUser(user.id));
  return mediaUrl(key);
}

/** Goes back to the generated initials. */
export async function removeAvatar(): Promise<void> {
  const user = await currentUser();
  const db = await getDb();
  await db.update(users).set({ image: null, updatedAt: new Date() }).where(eq(users.id, user.id));
  await removeAvatarFile(user.image);
  await invalidate(await tagsShowingUser(user.id));
}

async function removeAvatarFile(image: string | null): Promise<void> {
  const m = image ? /^\/media\/(avatars\/[\w-]+\.webp)$/.exec(image) : null;
  if (m) await mediaStore().remove(m[1]);
}

/** Mails a confirmation link to the new address; the address changes only when that link is opened. */
export async function requestEmailChange(input: { email: string; currentPassword: string }): Promise<void> {
  const user = await currentUser();
  await assertCurrentPassword(user, input.currentPassword);
  if (input.email === user.email.toLowerCase()) {
    throw new UserError('That is already your email address.', 400, { email: ['That is already your address.'] });
  }
  const limit = await hitLimit('mailAccount', `change:${user.id}`);
  if (limit.limited) throw new UserError(retryMessage(limit.retryAfterSec), 429);
  // An address another account uses gets the same answer (no way to probe who has an account); its
  // owner is told instead, and nothing else happens.
  const other = await getUserByEmail(input.email);
  if (other) {
    if (!other.deletedAt) runInBackground(() => mailEmailInUse(other.email, other.name ?? other.handle));
    return;
  }
  const token = await issueToken(user.id, 'change_email', input.email);
  runInBackground(() => mailEmailChangeLink(input.email, user.name ?? user.handle, token));
}

/**
 * Sets a new password after checking the current one, and moves the session version on so every other
 * session ends. Returns the updated user so the caller can re-issue this browser's session.
 */
export async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<User> {
  const user = await currentUser();
  await assertCurrentPassword(user, input.currentPassword);
  assertAcceptablePassword(input.newPassword, 'newPassword', user);
  if (user.passwordHash && (await verifyPassword(user.passwordHash, input.newPassword))) {
    throw new UserError('Choose a password different from the current one.', 400, { newPassword: ['Same as the current password.'] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({
      passwordHash,
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, user.id))
    .returning();
  await resetLimit('signinAccount', user.email.toLowerCase());
  await mailPasswordChanged(user.email, user.name ?? user.handle);
  return row;
}

export async function updateNotificationPrefs(prefs: NotificationSettings): Promise<NotificationSettings> {
  const user = await currentUser();
  const db = await getDb();
  const value = { subscribed: prefs.subscribed, replies: prefs.replies, mentions: prefs.mentions };
  await db.update(users).set({ notificationPrefs: value, updatedAt: new Date() }).where(eq(users.id, user.id));
  return value;
}

/** Ends every session of the signed-in user, this one included. */
export async function signOutEverywhere(): Promise<void> {
  const user = await currentUser();
  const db = await getDb();
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, user.id));
}

/**
 * Soft-deletes the signed-in account: it can never sign in again, every session ends, the address and
 * handle are released and the profile emptied; comments stay, shown as "Deleted user". Pledges stay with
 * the campaign's books, anonymous on its donor wall.
 */
export async function deleteMyAccount(input: { currentPassword: string }): Promise<void> {
  const user = await currentUser();
  if (user.passwordHash && !input.currentPassword) {
    throw new UserError('Enter your current password to delete your account.', 400, { currentPassword: ['Enter your current password.'] });
  }
  await assertCurrentPassword(user, input.currentPassword);
  const db = await getDb();
  const tags = await db.transaction(async (tx) => {
    const dirtied = await eraseUser(tx, user, { emailVerified: null, sessionVersion: sql`${users.sessionVersion} + 1` });
    await tx.delete(accounts).where(eq(accounts.userId, user.id));
    await tx.delete(authTokens).where(eq(authTokens.userId, user.id));
    await tx.delete(subscriptions).where(eq(subscriptions.userId, user.id));
    await recordAudit(
      { actorId: user.id, action: 'user.self-delete', entityType: 'user', entityId: user.id, before: { handle: user.handle } },
      tx,
    );
    return dirtied;
  });
  await removeAvatarFile(user.image);
  // "Deleted user" replaces their name on every page that showed them, "Anonymous" on donor walls.
  await invalidate(tags);
}
