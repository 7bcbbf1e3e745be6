import 'server-only';
/**
 * Re-issues the current browser's session cookie for a user after their session version moved on (password
 * change): every other session is now stale, this one carries the new version. Server actions only.
 */
import { cookies } from 'next/headers';
import { encode } from 'next-auth/jwt';
import type { User } from '@/db/schema';
import { SESSION_MAX_AGE, authSecret, sessionCookieName, secureCookiesWanted } from './config';
import { newSessionId } from './session-check';

export async function reissueSession(user: Pick<User, 'id' | 'name' | 'email' | 'sessionVersion'>): Promise<void> {
  const secret = authSecret();
  if (!secret) throw new Error('AUTH_SECRET is not set');
  const name = sessionCookieName();
  const value = await encode({
    salt: name,
    secret,
    maxAge: SESSION_MAX_AGE,
    token: { sub: user.id, uid: user.id, sv: user.sessionVersion, sid: newSessionId(), name: user.name, email: user.email },
  });
  const jar = await cookies();
  // Drop any chunked leftovers of a larger earlier token.
  for (const c of jar.getAll()) if (c.name.startsWith(`${name}.`)) jar.delete(c.name);
  jar.set(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureCookiesWanted(),
    expires: new Date(Date.now() + SESSION_MAX_AGE * 1000),
  });
}
