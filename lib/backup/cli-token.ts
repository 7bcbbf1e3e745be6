/**
 * How `npm run backup` asks a running app for a backup (on PGlite only the app may open the data directory):
 * a bearer token made from AUTH_SECRET, which the command and the app share, and the time. It is good for
 * two minutes and once; the route refuses everything without AUTH_SECRET.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const TTL_MS = 120_000;
type Seen = Map<string, number>;
const seen: Seen = ((globalThis as { __broadsheetBackupTokens?: Seen }).__broadsheetBackupTokens ??= new Map());

function sign(secret: string, ts: number): string {
  const key = createHmac('sha256', secret).update('broadsheet backup command').digest();
  return createHmac('sha256', key).update(`backup:${ts}`).digest('base64url');
}

export function backupToken(secret: string, at = Date.now()): string {
  return `v1.${at}.${sign(secret, at)}`;
}

/** True for a well-formed, fresh, correctly signed token not used before (then it is used up). */
export function acceptBackupToken(secret: string | undefined, token: string, at = Date.now()): boolean {
  if (!secret) return false;
  const m = /^v1\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const ts = Number(m[1]);
  if (Math.abs(at - ts) > TTL_MS) return false;
  const expected = Buffer.from(sign(secret, ts));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  for (const [t, exp] of seen) if (exp < at) seen.delete(t);
  if (seen.has(token)) return false;
  seen.set(token, ts + TTL_MS);
  return true;
}
