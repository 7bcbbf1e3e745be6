/**
 * Whether a decoded session token still stands for its user: the user exists and is not deleted, the token
 * carries the user's current session version (bumped by sign-out-everywhere, password change, ban, role
 * change), and its session id was not signed out. One query. Used by the data access layer (the authorization
 * boundary) and by proxy.ts (only to answer page navigations with the right HTTP status); no 'server-only'
 * import so the proxy can load it.
 */
import { randomUUID } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { revokedSessions, users, type User } from '@/db/schema';
import { SESSION_MAX_AGE } from './session-cookie';

export type SessionClaims = { uid?: unknown; sv?: unknown; sid?: unknown; exp?: unknown };

export function newSessionId(): string {
  return randomUUID();
}

export async function userForSession(token: SessionClaims | null | undefined): Promise<User | null> {
  if (!token || typeof token.uid !== 'string' || typeof token.sv !== 'number') return null;
  const sid = typeof token.sid === 'string' ? token.sid : null;
  const db = await getDb();
  const [row] = await db
    .select({
      user: users,
      revoked: sid ? sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.sid} = ${sid})` : sql<boolean>`false`,
    })
    .from(users)
    .where(eq(users.id, token.uid))
    .limit(1);
  if (!row || row.revoked || row.user.deletedAt || row.user.sessionVersion !== token.sv) return null;
  return row.user;
}

/**
 * Ends one session on the server (sign-out): its id is kept until the token would have expired, so a copy of
 * the cookie stands for nobody. A token from before session ids existed can't be told apart from the user's
 * other sessions: then every session of the user ends (session version bumped).
 */
export async function revokeSession(token: SessionClaims | null | undefined): Promise<void> {
  if (!token || typeof token.uid !== 'string') return;
  const db = await getDb();
  if (typeof token.sid === 'string') {
    const exp = typeof token.exp === 'number' ? new Date(token.exp * 1000) : new Date(Date.now() + SESSION_MAX_AGE * 1000);
    const exists = await db.select({ id: users.id }).from(users).where(eq(users.id, token.uid)).limit(1);
    if (!exists.length) return;
    await db.insert(revokedSessions).values({ sid: token.sid, userId: token.uid, expiresAt: exp }).onConflictDoNothing();
    await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
    return;
  }
  if (typeof token.sv === 'number') {
    await db
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
      .where(sql`${users.id} = ${token.uid} and ${users.sessionVersion} = ${token.sv}`);
  }
}
