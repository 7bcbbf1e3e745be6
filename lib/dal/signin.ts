import 'server-only';
/**
 * Password sign-in with throttling that an attacker cannot turn against the account's owner:
 * - consecutive failures per (account, client) slow that client down (growing waits, capped; a success
 *   resets), where the client is the browser when it signed in to this account before (signed device cookie),
 *   else its IP ("unknown" when no trusted IP header is configured);
 * - failures against existing accounts per known IP (slow brute force, password spraying), not for the
 *   "unknown IP" identity and not for a known device of the account;
 * - both are taken before the password is checked, atomically, so parallel guesses cannot outrun them; a
 *   success refunds them. Addresses with no account only ever count for (address, client).
 */
import type { User } from '@/db/schema';
import { verifyPassword, hashPassword } from '@/lib/auth/password';
import { knownDeviceFor } from '@/lib/auth/device-cookie';
import { UNKNOWN_IP } from '@/lib/client-ip';
import { getUserByEmail } from '@/lib/dal/users';
import { clearSigninAttempts, peekLimit, hitLimit, refundLimit, retryMessage, signinAccountKey, takeSigninAttempt } from '@/lib/rate-limit';

export type AuthResult =
  { ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSec: number; message: string };

// Verifying against this when the account does not exist keeps the timing of both failures alike.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${crypto.randomUUID()}`);
  return dummyHash;
}

export const SIGNIN_THROTTLED_HINT =
  'Sign-in slows down after repeated wrong passwords; if you forgot yours, reset it by email ("Forgot your password?").';

function throttled(retryAfterSec: number): AuthResult {
  return { ok: false, reason: 'throttled', retryAfterSec, message: `${retryMessage(retryAfterSec)} ${SIGNIN_THROTTLED_HINT}` };
}

/**
 * Checks an email + password. `ip` is the client IP (or UNKNOWN_IP), `device` the raw device cookie if the
 * browser sent one. The same answer, after the same argon2 work, for an unknown email and a wrong password.
 */
export async function authenticateWithPassword(input: {
  email: string;
  password: string;
  ip: string;
  device?: string | null;
}): Promise<AuthResult> {
  const email = input.email.trim().toLowerCase();
  const user = await getUserByEmail(email);
  const usable = !!user && !user.deletedAt && !!user.passwordHash;
  const device = usable ? knownDeviceFor(input.device, user!.id) : null;
  const client = device ? `dev:${device}` : `ip:${input.ip}`;
  const perIp = !device && input.ip !== UNKNOWN_IP;

  // An IP over its limit is refused for every address alike (no hint about which accounts exist), but only
  // failures against real accounts use its points.
  if (perIp) {
    const ip = usable ? await hitLimit('signinIp', input.ip) : await peekLimit('signinIp', input.ip);
    if (ip.limited) return throttled(ip.retryAfterSec);
  }
  const attempt = await takeSigninAttempt(signinAccountKey(email), client);
  if (attempt.limited) {
    if (perIp && usable) await refundLimit('signinIp', input.ip);
    return throttled(attempt.retryAfterSec);
  }

  const matches = await verifyPassword(usable ? user!.passwordHash! : await getDummyHash(), input.password);
  if (!usable || !matches) return { ok: false, reason: 'invalid' };
  await Promise.all([clearSigninAttempts(signinAccountKey(email), client), perIp ? refundLimit('signinIp', input.ip) : null]);
  return { ok: true, user: user! };
}
