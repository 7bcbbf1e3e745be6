import { afterAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { authTokens, users } from '@/db/schema';
import {
  bumpSessionVersion,
  confirmEmailToken,
  createUser,
  getUserByEmail,
  registerUser,
  requestPasswordReset,
  resetPasswordWithToken,
} from './users';
import { authenticateWithPassword } from './signin';
import { viewerFromToken, toViewer } from './session';
import { issueToken, hashToken } from '@/lib/auth/tokens';
import { can } from '@/lib/auth/roles';
import { clientIp } from '@/lib/client-ip';
import { mailOutbox } from '@/db/schema';
import { settleBackground } from '@/lib/mail/background';

afterAll(() => closeDatabase());

const PW = 'correct-horse-battery';

async function lastMailTo(address: string) {
  const db = await getDb();
  const rows = await db.select().from(mailOutbox).where(eq(mailOutbox.to, address));
  return rows.at(-1)!;
}
function tokenIn(text: string): string {
  return decodeURIComponent(/token=([^\s&]+)/.exec(text)![1]);
}

describe('sign-up', () => {
  it('creates a reader, mails a verification link whose token works once', async () => {
    const u = (await registerUser({ email: 'New@Example.com', name: 'New', handle: 'newbie', password: PW, ip: '1.1.1.1' }))!;
    await settleBackground();
    expect(u.email).toBe('new@example.com');
    expect(u.role).toBe('reader');
    expect(u.emailVerified).toBeNull();
    const mail = await lastMailTo('new@example.com');
    expect(mail.subject).toMatch(/verify/i);
    const token = tokenIn(mail.text);
    await expect(confirmEmailToken(token)).resolves.toMatchObject({ purpose: 'verify_email' });
    await expect(confirmEmailToken(token)).rejects.toThrow(/already been used/);
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(row.emailVerified).toBeInstanceOf(Date);
    // Only the hash is stored.
    const stored = await db.select().from(authTokens).where(eq(authTokens.userId, u.id));
    expect(stored.some((t) => t.tokenHash === hashToken(token))).toBe(true);
    expect(stored.some((t) => t.tokenHash === token)).toBe(false);
  });

  it('refuses a duplicate email (any case), a taken handle, a short or common password', async () => {
    await createUser({ email: 'dup@example.com', name: 'Dup', handle: 'dupe', password: PW });
    await expect(createUser({ email: 'DUP@example.com', name: 'X', handle: 'other1', password: PW })).rejects.toMatchObject({
      fieldErrors: { email: [expect.stringMatching(/already exists/)] },
    });
    await expect(createUser({ email: 'x2@example.com', name: 'X', handle: 'DUPE', password: PW })).rejects.toMatchObject({
      fieldErrors: { handle: [expect.stringMatching(/taken/)] },
    });
    await expect(createUser({ email: 'x3@example.com', name: 'X', handle: 'x3', password: 'short' })).rejects.toMatchObject({
      fieldErrors: { password: [expect.stringMatching(/10 characters/)] },
    });
    await expect(createUser({ email: 'x4@example.com', name: 'X', handle: 'x4x', password: 'password123' })).rejects.toMatchObject({
      fieldErrors: { password: [expect.stringMatching(/too common/)] },
    });
    await expect(createUser({ email: 'x5@example.com', name: 'X', handle: 'x5x', password: 'qwertyuiop' })).rejects.toThrow(/too common/);
  });
});

describe('sign-ups per IP (20 an hour)', () => {
  it('30 concurrent sign-ups from one IP create exactly 20 accounts; a refused one gives its point back', async () => {
    const ip = '192.0.2.77';
    const k = crypto.randomUUID().slice(0, 6);
    // A taken handle is refused before it counts.
    await createUser({ email: `taken-${k}@example.com`, name: 'Taken', handle: `taken_${k}`, password: PW });
    await expect(registerUser({ email: `x-${k}@example.com`, name: 'X', handle: `taken_${k}`, password: PW, ip })).rejects.toThrow(/taken/);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        registerUser({ email: `burst-${k}-${i}@example.com`, name: 'Burst', handle: `burst_${k}_${i}`, password: PW, ip }),
      ),
    );
    await settleBackground();
    const created = results.filter((r) => r.status === 'fulfilled');
    expect(created).toHaveLength(20);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/Too many attempts/);
    const db = await getDb();
    const rows = await db
      .select()
      .from(users)
      .where(sql`${users.email} like ${`burst-${k}-%`}`);
    expect(rows).toHaveLength(20);
  });
});

describe('tokens', () => {
  it('an expired token is refused with its own message', async () => {
    const u = await createUser({ email: 'exp@example.com', name: 'E', handle: 'expy', password: PW });
    const raw = await issueToken(u.id, 'reset_password');
    const db = await getDb();
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authTokens.tokenHash, hashToken(raw)));
    await expect(resetPasswordWithToken(raw, 'another-good-password')).rejects.toThrow(/expired/);
    await expect(resetPasswordWithToken('x'.repeat(40), 'another-good-password')).rejects.toThrow(/not valid/);
  });

  it('a reset link sets the password once and signs out every session', async () => {
    const u = await createUser({ email: 'reset@example.com', name: 'R', handle: 'resetter', password: PW });
    await requestPasswordReset('RESET@example.com', '2.2.2.2');
    await settleBackground();
    const token = tokenIn((await lastMailTo('reset@example.com')).text);
    const after = await resetPasswordWithToken(token, 'brand-new-password-1');
    expect(after.sessionVersion).toBe(u.sessionVersion + 1);
    await expect(resetPasswordWithToken(token, 'brand-new-password-2')).rejects.toThrow(/already been used/);
    expect((await authenticateWithPassword({ email: 'reset@example.com', password: 'brand-new-password-1', ip: '2.2.2.2' })).ok).toBe(true);
    expect((await authenticateWithPassword({ email: 'reset@example.com', password: PW, ip: '2.2.2.2' })).ok).toBe(false);
  });

  it('a reset request for an unknown address sends nothing and says nothing different', async () => {
    await expect(requestPasswordReset('nobody@example.com', '2.2.2.3')).resolves.toBeUndefined();
    await settleBackground();
    expect(await lastMailTo('nobody@example.com')).toBeUndefined();
  });
});

describe('password sign-in', () => {
  it('gives the same answer for an unknown email and a wrong password', async () => {
    await createUser({ email: 'known@example.com', name: 'K', handle: 'known', password: PW });
    const a = await authenticateWithPassword({ email: 'unknown@example.com', password: PW, ip: '4.4.4.4' });
    const b = await authenticateWithPassword({ email: 'known@example.com', password: 'not-the-password', ip: '4.4.4.4' });
    expect(a).toEqual(b);
  });
});

describe('session versions', () => {
  it('a token with an older version, or of a deleted user, stands for nobody', async () => {
    const u = await createUser({ email: 'sv@example.com', name: 'S', handle: 'sessiony', password: PW });
    expect(await viewerFromToken({ uid: u.id, sv: u.sessionVersion })).toMatchObject({ id: u.id });
    await bumpSessionVersion(u.id);
    expect(await viewerFromToken({ uid: u.id, sv: u.sessionVersion })).toBeNull();
    expect(await viewerFromToken({ uid: u.id, sv: u.sessionVersion + 1 })).toMatchObject({ id: u.id });
    expect(await viewerFromToken(null)).toBeNull();
    expect(await viewerFromToken({ uid: 'nope', sv: 1 })).toBeNull();
  });

  it('an editor lowered to reader loses staff access on the very next request', async () => {
    const u = await createUser({ email: 'ed@example.com', name: 'Ed', handle: 'editorx', password: PW, role: 'editor' });
    const token = { uid: u.id, sv: u.sessionVersion };
    const before = await viewerFromToken(token);
    expect(can(before!.role, 'admin:access')).toBe(true);
    // What the admin's role change does: update the role and bump the session version together.
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.update(users).set({ role: 'reader' }).where(eq(users.id, u.id));
      await bumpSessionVersion(u.id, tx);
    });
    const after = await viewerFromToken(token);
    expect(after).toBeNull();
    // Even a fresh token for the same user only has reader rights now.
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(can(toViewer(row).role, 'admin:access')).toBe(false);
  });
});

describe('client IP', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('reads only trusted headers; X-Forwarded-For is ignored unless trusted', () => {
    expect(clientIp(h({ 'x-forwarded-for': '9.9.9.9' }), [])).toBe('unknown');
    expect(clientIp(h({ 'x-forwarded-for': '9.9.9.9', 'x-real-ip': '5.5.5.5' }), ['x-real-ip'])).toBe('5.5.5.5');
    expect(clientIp(h({ 'x-forwarded-for': '6.6.6.6, 7.7.7.7' }), ['x-forwarded-for'])).toBe('7.7.7.7');
    expect(clientIp(h({ 'x-real-ip': '<script>' }), ['x-real-ip'])).toBe('unknown');
  });
});

describe('roles are read fresh on every request', () => {
  it('a role lowered without any session change still applies to the next request', async () => {
    const u = await createUser({ email: 'ed2@example.com', name: 'Ed Two', handle: 'editor2', password: PW, role: 'editor' });
    const token = { uid: u.id, sv: u.sessionVersion };
    expect(can((await viewerFromToken(token))!.role, 'articles:edit-any')).toBe(true);
    const db = await getDb();
    await db.update(users).set({ role: 'reader' }).where(eq(users.id, u.id));
    const next = await viewerFromToken(token);
    expect(next?.role).toBe('reader');
    expect(can(next!.role, 'admin:access')).toBe(false);
  });
});

describe("a password equal to the account's own identifiers is refused", () => {
  const who = { email: 'Lucinda.Marsh@example.com', name: 'Lucinda Marsh-Wood', handle: 'lucinda_marsh' };
  it.each([
    ['the email address', 'lucinda.marsh@EXAMPLE.com'],
    ["the email's local part", 'LUCINDA.MARSH'],
    ['the handle', 'Lucinda_Marsh'],
    ['the name', 'lucinda marsh-wood'],
  ])('at sign-up: %s', async (_what, password) => {
    await expect(registerUser({ ...who, password, ip: '6.6.6.6' })).rejects.toMatchObject({
      message: expect.stringMatching(/must not be your email address.*handle.*name/i),
      fieldErrors: { password: [expect.stringMatching(/email address, handle or name/)] },
    });
    expect(await getUserByEmail(who.email)).toBeNull();
  });

  it('at reset: the link still works afterwards for a better password', async () => {
    const u = await createUser({ email: 'harriet.quimby@example.com', name: 'Harriet', handle: 'hquimby_flyer', password: PW });
    const token = await issueToken(u.id, 'reset_password');
    await expect(resetPasswordWithToken(token, 'HARRIET.QUIMBY')).rejects.toMatchObject({
      fieldErrors: { password: [expect.stringMatching(/email address, handle or name/)] },
    });
    await expect(resetPasswordWithToken(token, 'hquimby_flyer')).rejects.toThrow(/must not be your email/);
    await expect(resetPasswordWithToken(token, 'a-much-better-password')).resolves.toMatchObject({ id: u.id });
  });
});
