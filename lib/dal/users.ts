import 'server-only';
/**
 * Users: lookup, creation, session versions, and the emailed verification / reset flows (the mails
 * themselves through lib/mail/account-mail; the password rules in lib/auth/password-policy).
 */
import { eq, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { getDb, type DbOrTx } from '@/db/client';
import { comments, pledges, users, type Role, type User } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { TAGS } from '@/lib/cache-tags';
import { hashPassword } from '@/lib/auth/password';
import { assertNoBannedWords } from '@/lib/comments/moderation';
import { campaignTags } from '@/lib/cache-tags';
import { assertAcceptablePassword } from '@/lib/auth/password-policy';
import { consumeToken, issueToken } from '@/lib/auth/tokens';
import { uniqueViolation, UserError } from '@/lib/errors';
import { runInBackground } from '@/lib/mail/background';
import { mailEmailChanged, mailPasswordResetLink, mailSignUpAttempt, mailVerificationLink } from '@/lib/mail/account-mail';
import { loadSettings } from '@/lib/settings';
import { clearSigninAttempts, hitLimit, ipLimit, resetLimit, retryMessage, signinAccountKey, underLimit } from '@/lib/rate-limit';

export async function getUserById(id: string, tx?: DbOrTx): Promise<User | null> {
  const db = tx ?? (await getDb());
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}

/**
 * The cache tags of everything public that shows this user's name or avatar: their profile and author
 * pages, and the comment threads of every article they commented on. A write that renames, re-pictures,
 * bans or deletes a user invalidates these, so no cached page keeps showing the old name.
 */
export async function tagsShowingUser(userId: string, tx?: DbOrTx): Promise<string[]> {
  const db = tx ?? (await getDb());
  const rows = await db.selectDistinct({ articleId: comments.articleId }).from(comments).where(eq(comments.authorId, userId));
  return [TAGS.user(userId), TAGS.authors, ...rows.map((r) => TAGS.comments(r.articleId))];
}

export async function getUserByEmail(email: string, tx?: DbOrTx): Promise<User | null> {
  const db = tx ?? (await getDb());
  const [u] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return u ?? null;
}

export async function getUserByHandle(handle: string, tx?: DbOrTx): Promise<User | null> {
  const db = tx ?? (await getDb());
  const [u] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.handle}) = ${handle.trim().toLowerCase()}`)
    .limit(1);
  return u ?? null;
}

/**
 * Invalidates every session of the user (their JWT carries the old version): call after a password change,
 * sign-out-everywhere, a ban or a role change. Returns the new version.
 */
export async function bumpSessionVersion(userId: string, tx?: DbOrTx): Promise<number> {
  const db = tx ?? (await getDb());
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!row) throw new UserError('No such user.', 404);
  return row.sessionVersion;
}

/** A broken unique index on users as a message about its field (by the index's name), else null. */
export function duplicateUserError(err: unknown): UserError | null {
  const constraint = uniqueViolation(err);
  if (constraint === 'users_email_key')
    return new UserError('An account with this email already exists. Sign in or reset your password.', 409, {
      email: ['An account with this email already exists.'],
    });
  if (constraint === 'users_handle_key')
    return new UserError('That handle is taken. Choose another one.', 409, { handle: ['That handle is taken.'] });
  return null;
}

export type NewAccount = {
  email: string;
  name: string;
  handle: string;
  password?: string | null;
  role?: Role;
  emailVerified?: boolean;
};

/** Creates a user (email/handle uniqueness is case-insensitive). Does not send mail. */
export async function createUser(input: NewAccount, tx?: DbOrTx): Promise<User> {
  const db = tx ?? (await getDb());
  if (input.password != null) assertAcceptablePassword(input.password, 'password', input);
  if (await getUserByEmail(input.email, db)) {
    throw new UserError('An account with this email already exists. Sign in or reset your password.', 409, {
      email: ['An account with this email already exists.'],
    });
  }
  if (await getUserByHandle(input.handle, db)) {
    throw new UserError('That handle is taken. Choose another one.', 409, { handle: ['That handle is taken.'] });
  }
  const passwordHash = input.password != null ? await hashPassword(input.password) : null;
  try {
    const [u] = await db
      .insert(users)
      .values({
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        handle: input.handle.trim(),
        passwordHash,
        role: input.role ?? 'reader',
        emailVerified: input.emailVerified ? new Date() : null,
      })
      .returning();
    return u;
  } catch (err) {
    throw duplicateUserError(err) ?? err;
  }
}

/** A handle derived from a name or email, made unique with a numeric suffix (for OAuth and magic-link sign-ups). */
export async function uniqueHandle(seed: string, tx?: DbOrTx): Promise<string> {
  const base =
    (seed.split('@')[0] ?? '')
      .normalize('NFKD')
      .replace(/[^a-zA-Z0-9_-]/g, '')
      .replace(/^-+/, '')
      .slice(0, 24) || 'reader';
  // A handle made from a provider's name or an address's local part passes the same word filter as a typed one.
  const clean = (await handleIsClean(base, tx)) ? base : 'reader';
  const padded = clean.length < 3 ? `${clean}${'_'.repeat(3 - clean.length)}` : clean;
  for (let i = 0; i < 50; i++) {
    const candidate = i === 0 ? padded : `${padded}${Math.floor(Math.random() * 10_000)}`;
    if (!(await getUserByHandle(candidate, tx))) return candidate;
  }
  return `${padded}${crypto.randomUUID().slice(0, 8)}`;
}

async function handleIsClean(handle: string, tx?: DbOrTx): Promise<boolean> {
  try {
    assertNoBannedWords({ handle }, (await loadSettings(tx)).bannedWords);
    return true;
  } catch {
    return false;
  }
}

export const INVALID_CREDENTIALS = 'Wrong email or password.';

/**
 * The one answer sign-up gives whether or not the address already has an account, so the form cannot be
 * used to find out who has one.
 */
export const SIGNUP_DONE = (email: string) =>
  `Thanks! We sent a message to ${email}. Open the link in it to verify your address, then sign in. (If that address already has an account, the message says how to sign in instead.)`;

/**
 * Sign-up: creates the reader account and mails the verification link. Throttled per client IP. When the
 * address already has an account nothing is created and its owner gets a mail instead; the caller sees
 * the same result either way (null for an existing address: never tell the visitor).
 */
export async function registerUser(input: SignUp): Promise<User | null> {
  // The point is taken first (concurrent sign-ups cannot all pass one check) and given back for a refusal.
  return underLimit(ipLimit('signupIp', input.ip), input.ip, (limit) => {
    if (limit.limited) throw new UserError(retryMessage(limit.retryAfterSec), 429);
    return createAccount(input);
  });
}

type SignUp = { email: string; name: string; handle: string; password: string; ip: string };

async function createAccount(input: SignUp): Promise<User | null> {
  assertAcceptablePassword(input.password, 'password', input);
  assertNoBannedWords({ name: input.name, handle: input.handle }, (await loadSettings()).bannedWords);
  // Handles are public (profiles, mentions): saying one is taken reveals nothing new. Addresses are not.
  if (await getUserByHandle(input.handle)) {
    throw new UserError('That handle is taken. Choose another one.', 409, { handle: ['That handle is taken.'] });
  }
  const existing = await getUserByEmail(input.email);
  if (existing) {
    // Same work as a real sign-up (argon2), so the answer takes as long either way.
    await hashPassword(input.password);
    notifyExistingAccount(existing);
    return null;
  }
  let user: User;
  try {
    user = await createUser({ email: input.email, name: input.name, handle: input.handle, password: input.password });
  } catch (err) {
    // Lost a race with another sign-up for the same address: answer as for any existing address.
    if (err instanceof UserError && err.fieldErrors?.email) {
      const other = await getUserByEmail(input.email);
      if (other) notifyExistingAccount(other);
      return null;
    }
    throw err;
  }
  runInBackground(() => sendVerificationMail(user));
  return user;
}

/** Tells an account's owner that someone tried to sign up with their address (at most a few per hour). */
function notifyExistingAccount(user: User): void {
  if (user.deletedAt) return;
  runInBackground(async () => {
    const limit = await hitLimit('mailAccount', `signup-exists:${user.id}`);
    if (limit.limited) return;
    await mailSignUpAttempt(user.email, user.name ?? user.handle);
  });
}

export async function sendVerificationMail(user: Pick<User, 'id' | 'email' | 'name' | 'handle'>): Promise<void> {
  const token = await issueToken(user.id, 'verify_email');
  await mailVerificationLink(user.email, user.name ?? user.handle, token);
}

/** Re-sends the verification mail (limited per address and IP). */
export async function resendVerification(userId: string, ip: string): Promise<void> {
  const user = await getUserById(userId);
  if (!user || user.deletedAt) throw new UserError('No such account.', 404);
  if (user.emailVerified) throw new UserError('Your email is already verified.');
  const limit = await hitLimit('mailAccount', `verify:${user.id}`);
  const perIp = await hitLimit(ipLimit('mailIp', ip), ip);
  if (limit.limited || perIp.limited) throw new UserError(retryMessage(Math.max(limit.retryAfterSec, perIp.retryAfterSec)), 429);
  await sendVerificationMail(user);
}

/**
 * Confirms an emailed verify/change-email link (the button on its page: a GET changes nothing, mail scanners
 * follow links). For a change of address the new address replaces the old one (refused if someone took it
 * meanwhile). Returns what happened.
 */
export async function confirmEmailToken(raw: string): Promise<{ purpose: 'verify_email' | 'change_email'; email: string }> {
  const db = await getDb();
  let notify: { old: string; name: string } | null = null;
  const result = await db.transaction(async (tx) => {
    const t = await consumeToken(raw, ['verify_email', 'change_email'], tx);
    const user = await getUserById(t.userId, tx);
    if (!user || user.deletedAt) throw new UserError('This account no longer exists.', 404);
    if (t.purpose === 'change_email') {
      const newEmail = (t.data ?? '').toLowerCase();
      const other = await getUserByEmail(newEmail, tx);
      if (other && other.id !== user.id) throw new UserError('Another account now uses that email address.', 409);
      await tx.update(users).set({ email: newEmail, emailVerified: new Date(), updatedAt: new Date() }).where(eq(users.id, user.id));
      notify = { old: user.email, name: user.name ?? user.handle };
      return { purpose: 'change_email' as const, email: newEmail, userId: user.id };
    }
    await tx
      .update(users)
      .set({ emailVerified: user.emailVerified ?? new Date(), updatedAt: new Date() })
      .where(eq(users.id, user.id));
    return { purpose: 'verify_email' as const, email: user.email, userId: user.id };
  });
  // The profile shows the address's state; a verified address can turn the account's counted pledges into a
  // supporter badge (getSupporterIds).
  await invalidate([TAGS.user(result.userId), TAGS.campaigns]);
  // The old address learns of the change (a hijacked session cannot move the account away silently).
  const n = notify as { old: string; name: string } | null;
  if (n) await mailEmailChanged(n.old, n.name, result.email);
  return { purpose: result.purpose, email: result.email };
}

/**
 * Mails a reset link when the address belongs to an account; says the same either way, in the same time:
 * only the rate limits (identical for every address) run before the answer, the lookup, token and mail
 * run after it. Limited per address and per IP so it cannot be used to flood a mailbox.
 */
export async function requestPasswordReset(email: string, ip: string): Promise<void> {
  const address = email.trim().toLowerCase();
  // Counted before the check, in one statement each, so concurrent requests cannot all pass it.
  const [a, i] = await Promise.all([hitLimit('mailAccount', `reset:${address}`), hitLimit(ipLimit('mailIp', ip), ip)]);
  if (a.limited || i.limited) throw new UserError(retryMessage(Math.max(a.retryAfterSec, i.retryAfterSec)), 429);
  runInBackground(async () => {
    const user = await getUserByEmail(address);
    if (!user || user.deletedAt) return;
    const token = await issueToken(user.id, 'reset_password');
    await mailPasswordResetLink(user.email, user.name ?? user.handle, token);
  });
}

/** Sets a new password from a reset link: signs out every session and lifts the account's sign-in throttle. */
export async function resetPasswordWithToken(raw: string, password: string): Promise<User> {
  assertAcceptablePassword(password);
  const db = await getDb();
  const user = await db.transaction(async (tx) => {
    const t = await consumeToken(raw, ['reset_password'], tx);
    const current = await getUserById(t.userId, tx);
    if (!current || current.deletedAt) throw new UserError('This account no longer exists.', 404);
    // Refusing here rolls the transaction back, so the link still works for a better password.
    assertAcceptablePassword(password, 'password', current);
    const passwordHash = await hashPassword(password);
    const [u] = await tx
      .update(users)
      .set({
        passwordHash,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        // Following the mailed link proves the address.
        emailVerified: sql`coalesce(${users.emailVerified}, now())`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, t.userId))
      .returning();
    return u;
  });
  await resetLimit('signinAccount', user.email);
  await clearSigninAttempts(signinAccountKey(user.email));
  return user;
}

/**
 * Deletes an account for the public (GDPR erasure), in the caller's transaction: the user row becomes a
 * tombstone (deletedUserFields, plus `extra`), and the account's pledges (made signed in, or to its verified
 * address as a guest) leave the donor wall's names: anonymous, no display name. The books keep amount and
 * address. Returns the tags to invalidate once the transaction commits: every page that showed the user, and
 * the campaigns whose walls named them.
 */
export async function eraseUser(
  tx: DbOrTx,
  user: Pick<User, 'id' | 'email' | 'emailVerified'>,
  extra: PgUpdateSetSource<typeof users> = {},
): Promise<string[]> {
  await tx
    .update(users)
    .set({ ...deletedUserFields(user.id), ...extra })
    .where(eq(users.id, user.id));
  const theirs = user.emailVerified
    ? or(eq(pledges.userId, user.id), sql`lower(${pledges.email}) = ${user.email.toLowerCase()}`)
    : eq(pledges.userId, user.id);
  const named = await tx
    .update(pledges)
    .set({ anonymous: true, displayName: '' })
    .where(theirs)
    .returning({ campaignId: pledges.campaignId });
  const walls = [...new Set(named.map((p) => p.campaignId))].flatMap(campaignTags);
  return [...new Set([...(await tagsShowingUser(user.id, tx)), ...walls])];
}

/** What a deleted account keeps: a tombstone handle and address, no name, password, picture or bio (GDPR erasure). */
function deletedUserFields(userId: string) {
  const tombstone = `deleted-${userId.slice(0, 8)}`;
  const now = new Date();
  return {
    deletedAt: now,
    email: `${tombstone}@deleted.invalid`,
    handle: tombstone,
    name: 'Deleted user',
    passwordHash: null,
    image: null,
    bio: null,
    updatedAt: now,
  };
}
