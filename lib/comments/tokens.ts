import 'server-only';
/**
 * Unsubscribe tokens. A subscription carries its own random token (unsubscribe_token column); mail sent
 * because of a notification preference (mentions) carries a signed token naming the user and the
 * preference, so it needs no row.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type PrefName = 'mentions' | 'replies';

export function newSubscriptionToken(): string {
  return `s_${randomBytes(24).toString('base64url')}`;
}

function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new Error('AUTH_SECRET is required to sign unsubscribe links');
  return s;
}

function sign(userId: string, pref: PrefName): string {
  return createHmac('sha256', secret()).update(`unsubscribe:${userId}:${pref}`).digest('base64url');
}

export function prefToken(userId: string, pref: PrefName): string {
  return `p.${userId}.${pref}.${sign(userId, pref)}`;
}

export function parsePrefToken(token: string): { userId: string; pref: PrefName } | null {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'p') return null;
  const [, userId, pref, sig] = parts;
  if (pref !== 'mentions' && pref !== 'replies') return null;
  const expected = Buffer.from(sign(userId, pref));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, pref };
}
