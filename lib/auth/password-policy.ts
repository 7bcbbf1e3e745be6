/**
 * What a password must be: at least 10 characters, not a common password, and not the account's own
 * identifiers (email, its name part, handle, name). Used by sign-up, password change and reset.
 */
import { isCommonPassword } from '@/lib/auth/common-passwords';
import { UserError } from '@/lib/errors';
import { PASSWORD_RULE } from '@/lib/validation/auth';

/** What a password must not be equal to (compared case-insensitively): the account's own identifiers. */
export type PasswordContext = { email?: string | null; handle?: string | null; name?: string | null };

export const PASSWORD_IS_IDENTITY =
  'Your password must not be your email address, its name part, your handle or your name: anyone who knows you could guess it.';

/** True when the password equals the email, its local part, the handle or the name (ignoring case and surrounding spaces). */
export function passwordMatchesIdentity(password: string, ctx: PasswordContext): boolean {
  const p = password.trim().toLowerCase();
  if (!p) return false;
  const email = ctx.email?.trim().toLowerCase() ?? '';
  const candidates = [email, email.split('@')[0], ctx.handle, ctx.name, ctx.handle ? `@${ctx.handle}` : null];
  return candidates.some((c) => !!c && c.trim().toLowerCase() === p);
}

/** Throws a UserError (with fieldErrors.password) when the password breaks the rule. */
export function assertAcceptablePassword(password: string, field = 'password', ctx?: PasswordContext): void {
  if (password.length < 10 || isCommonPassword(password)) {
    const msg = password.length < 10 ? 'Use at least 10 characters.' : 'That password is too common: choose another one.';
    throw new UserError(`${msg} ${PASSWORD_RULE}`, 400, { [field]: [msg] });
  }
  if (ctx && passwordMatchesIdentity(password, ctx)) {
    throw new UserError(PASSWORD_IS_IDENTITY, 400, { [field]: ['Must not be your email address, handle or name.'] });
  }
}
