import 'server-only';
/**
 * The pledger's secrets and the links that carry them. The secret link (pledge page, cancel) carries a
 * token derived from the pledge id with HMAC(AUTH_SECRET), so every retry can answer with the same link;
 * only its SHA-256 is stored. The double opt-in token is random and single-use, stored hashed too.
 */
import crypto from 'node:crypto';
import type { Pledge } from '@/db/schema';

function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (s) return s;
  if (process.env.NODE_ENV === 'production') throw new Error('AUTH_SECRET must be set');
  return 'broadsheet-development-secret';
}

/** The secret in the pledger's links, derived from the id (so every retry can answer with the same link). */
export function pledgeToken(pledgeId: string): string {
  return crypto.createHmac('sha256', secret()).update(`pledge:${pledgeId}`).digest('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function hashMatches(hash: string | null, token: string): boolean {
  if (!hash || typeof token !== 'string' || token.length < 20 || token.length > 100) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function tokenMatches(row: Pick<Pledge, 'cancelTokenHash'>, token: string): boolean {
  return hashMatches(row.cancelTokenHash, token);
}

/** "jane.doe@example.com" -> "j***@example.com": enough for the pledger to recognise, not to learn it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function confirmPath(pledgeId: string, token: string): string {
  return `/pledges/confirm/${pledgeId}/${encodeURIComponent(token)}`;
}

export function pledgePath(pledgeId: string, token = pledgeToken(pledgeId)): string {
  return `/pledges/${pledgeId}/${token}`;
}

/** Short reference people quote with their payment. */
export function pledgeNumber(pledgeId: string): string {
  return pledgeId.replace(/-/g, '').slice(0, 8).toUpperCase();
}
