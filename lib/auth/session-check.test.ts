/**
 * Sign-out revokes the session on the server: a copy of the session cookie taken before signing out stands for
 * nobody afterwards, while the same user's other sessions (other devices) stay signed in. Runs the real
 * Auth.js JWT encoding and the configured callbacks and events.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { decode, encode } from 'next-auth/jwt';
import type { JWT } from 'next-auth/jwt';
import { closeDatabase, getDb } from '@/db/client';
import { createUser, getUserById } from '@/lib/dal/users';
import { viewerFromToken } from '@/lib/dal/session';
import { buildAuthConfig } from './config';
import { authSecret, sessionCookieName } from './session-cookie';

afterAll(() => closeDatabase());

async function signInCookie(config: ReturnType<typeof buildAuthConfig>, user: { id: string; email: string }) {
  const token = await config.callbacks!.jwt!({
    token: {},
    user: { id: user.id, email: user.email },
    trigger: 'signIn',
    account: null,
  } as never);
  const salt = sessionCookieName();
  return encode({ token: token as JWT, secret: authSecret()!, salt });
}
async function read(cookie: string) {
  const salt = sessionCookieName();
  return decode({ token: cookie, secret: authSecret()!, salt });
}

describe('sign-out', () => {
  it('a session cookie copied before sign-out is anonymous afterwards; the user’s other device stays signed in', async () => {
    const config = buildAuthConfig(await getDb());
    const user = await createUser({ email: 'copied@example.com', name: 'C', handle: 'copied', password: 'correct-horse-battery' });
    const laptop = await signInCookie(config, user);
    const phone = await signInCookie(config, user);
    const stolenCopy = laptop;
    expect(await viewerFromToken(await read(stolenCopy))).toMatchObject({ id: user.id });

    // What Auth.js does on sign-out (the action and POST /api/auth/signout): decode the cookie, emit signOut.
    await config.events!.signOut!({ token: (await read(laptop))! } as never);

    expect(await viewerFromToken(await read(stolenCopy))).toBeNull();
    expect(await viewerFromToken(await read(phone))).toMatchObject({ id: user.id });
    // Signing in again makes a new, working session.
    expect(await viewerFromToken(await read(await signInCookie(config, user)))).toMatchObject({ id: user.id });
  });

  it('signing out a session from before session ids existed signs out all of that user’s sessions', async () => {
    const config = buildAuthConfig(await getDb());
    const user = await createUser({ email: 'legacy@example.com', name: 'L', handle: 'legacy', password: 'correct-horse-battery' });
    const legacy = { uid: user.id, sv: user.sessionVersion, sub: user.id };
    expect(await viewerFromToken(legacy)).toMatchObject({ id: user.id });
    await config.events!.signOut!({ token: legacy } as never);
    expect(await viewerFromToken(legacy)).toBeNull();
    expect((await getUserById(user.id))!.sessionVersion).toBe(user.sessionVersion + 1);
  });
});
