/**
 * Password sign-in throttling as attackers meet it: invented addresses and IPs, the shared "unknown IP" of a
 * deployment without a trusted proxy header, a troll guessing the owner's password, parallel guesses. Time is
 * a settable clock (fake Date), never the wall clock.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase } from '@/db/client';
import { createUser, resetPasswordWithToken } from './users';
import { issueToken } from '@/lib/auth/tokens';
import { authenticateWithPassword } from './signin';
import { deviceCookieAfterSignIn } from '@/lib/auth/device-cookie';
import { SIGNIN_BACKOFF, limitOf } from '@/lib/rate-limit';
import * as password from '@/lib/auth/password';

vi.mock('@/lib/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/auth/password')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

afterAll(() => closeDatabase());

const PW = 'correct-horse-battery';
const UNKNOWN = 'unknown';
let clock = Date.parse('2026-03-02T09:00:00Z');
function advance(seconds: number) {
  clock += seconds * 1000;
  vi.setSystemTime(clock);
}
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  advance(3600); // each test starts well after the last one's windows
});
afterEach(() => vi.useRealTimers());

let n = 0;
async function account(role: 'reader' | 'admin' = 'reader') {
  n++;
  return createUser({ email: `user${n}@example.com`, name: `U${n}`, handle: `user${n}`, password: PW, role });
}

const attempt = (email: string, pw: string, ip: string, device?: string | null) =>
  authenticateWithPassword({ email, password: pw, ip, device });

describe('a troll cannot lock real users out', () => {
  it('hundreds of failures with invented addresses and IPs (and the unknown-IP default) leave real users and staff able to sign in', async () => {
    const reader = await account();
    const admin = await account('admin');
    // The admin signed in on their browser before: it holds the device cookie authorize() sets.
    expect((await attempt(admin.email, PW, UNKNOWN)).ok).toBe(true);
    const adminBrowser = deviceCookieAfterSignIn(null, admin.id);

    for (let i = 0; i < 310; i++) {
      const r = await attempt(`invented-${i}@example.com`, 'guess-guess-guess', i % 2 ? UNKNOWN : `10.0.${i >> 8}.${i & 255}`);
      expect(r.ok).toBe(false);
    }
    for (const target of [reader.email, admin.email]) {
      for (let i = 0; i < 8; i++) await attempt(target, `wrong-${i}-password`, i % 2 ? UNKNOWN : `10.1.0.${i}`);
    }

    expect((await attempt(admin.email, PW, UNKNOWN, adminBrowser)).ok).toBe(true);
    expect((await attempt(reader.email, PW, '192.0.2.10')).ok).toBe(true);
    // A brand-new account has never been touched by the troll: the unknown IP is not one shared bucket.
    const fresh = await account();
    expect((await attempt(fresh.email, PW, UNKNOWN)).ok).toBe(true);
  });

  it('an attacker’s 5+ wrong passwords do not lock the owner out: the owner signs in from their IP or known browser', async () => {
    const owner = await account();
    const ownerBrowser = deviceCookieAfterSignIn(null, owner.id);
    const results = [];
    for (let i = 0; i < 8; i++) {
      results.push(await attempt(owner.email, `guess-${i}-guess`, '203.0.113.9'));
      results.push(await attempt(owner.email, `guess-${i}-guess`, UNKNOWN));
    }
    expect(results.some((r) => !r.ok && r.reason === 'throttled')).toBe(true);
    // Even the right password waits for the attacker's client...
    expect(await attempt(owner.email, PW, '203.0.113.9')).toMatchObject({ ok: false, reason: 'throttled' });
    // ...but not for the owner.
    expect((await attempt(owner.email, PW, '198.51.100.7')).ok).toBe(true);
    expect((await attempt(owner.email, PW, UNKNOWN, ownerBrowser)).ok).toBe(true);
  });

  it('a forged or borrowed device cookie is just another client', async () => {
    const owner = await account();
    const other = await account();
    const otherBrowser = deviceCookieAfterSignIn(null, other.id);
    const [payload, mac] = otherBrowser.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), u: [owner.id] })).toString('base64url')}.${mac}`;
    for (let i = 0; i < SIGNIN_BACKOFF.free; i++) await attempt(owner.email, `guess-${i}-guess`, UNKNOWN);
    // The attacker's client is waiting now; neither a cookie of another account nor a forged one gets around it.
    expect(await attempt(owner.email, 'guess-x-guess', UNKNOWN, otherBrowser)).toMatchObject({ reason: 'throttled' });
    expect(await attempt(owner.email, 'guess-y-guess', UNKNOWN, forged)).toMatchObject({ reason: 'throttled' });
  });

  it('failures for addresses with no account never use up a real IP’s allowance', async () => {
    const user = await account();
    const office = '192.0.2.77';
    for (let i = 0; i < limitOf('signinIp').points + 20; i++) {
      expect(await attempt(`nobody-${i}@example.com`, 'guess-guess-guess', office)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect((await attempt(user.email, PW, office)).ok).toBe(true);
  });
});

describe('the owner is slowed down, never locked', () => {
  it('own mistakes bring growing waits, capped well under 15 minutes; after the wait the right password works and resets the count', async () => {
    const owner = await account();
    const home = '198.51.100.20';
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      let r = await attempt(owner.email, `typo-${i}-password`, home);
      if (!r.ok && r.reason === 'throttled') {
        expect(r.message).toMatch(/Try again in \d+ (seconds?|minutes?)\./);
        expect(r.message).toMatch(/reset/i);
        waits.push(r.retryAfterSec);
        advance(r.retryAfterSec);
        r = await attempt(owner.email, `typo-${i}-password`, home);
      }
      expect(r).toEqual({ ok: false, reason: 'invalid' });
    }
    // The first few mistakes cost nothing; then the waits grow, and never reach 15 minutes.
    expect(waits.length).toBe(12 - SIGNIN_BACKOFF.free);
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(5 * 60);
    const last = await attempt(owner.email, PW, home);
    expect(last).toMatchObject({ ok: false, reason: 'throttled' });
    if (!last.ok && last.reason === 'throttled') advance(last.retryAfterSec);
    expect((await attempt(owner.email, PW, home)).ok).toBe(true);
    // A success resets: the next typo is free again.
    expect(await attempt(owner.email, 'one-more-typo!', home)).toEqual({ ok: false, reason: 'invalid' });
    expect((await attempt(owner.email, PW, home)).ok).toBe(true);
  });
});

describe('password reset', () => {
  it('a reset by mail lifts every wait on the account (the link proved the address)', async () => {
    const owner = await account();
    for (let i = 0; i < 6; i++) await attempt(owner.email, `guess-${i}-guess`, UNKNOWN);
    expect(await attempt(owner.email, PW, UNKNOWN)).toMatchObject({ reason: 'throttled' });
    await resetPasswordWithToken(await issueToken(owner.id, 'reset_password'), 'a-brand-new-secret-9');
    expect((await attempt(owner.email, 'a-brand-new-secret-9', UNKNOWN)).ok).toBe(true);
  });
});

describe('consume before verifying', () => {
  for (const ip of ['203.0.113.40', UNKNOWN]) {
    it(`40 parallel wrong guesses (${ip}) get at most ${SIGNIN_BACKOFF.free} password checks`, async () => {
      const owner = await account();
      const verify = vi.mocked(password.verifyPassword);
      verify.mockClear();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(owner.email, `parallel-${i}-guess`, ip)));
      const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
      expect(checked).toBeLessThanOrEqual(SIGNIN_BACKOFF.free);
      expect(verify.mock.calls.length).toBeLessThanOrEqual(SIGNIN_BACKOFF.free);
      expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(40 - SIGNIN_BACKOFF.free);
    });
  }
});

describe('slow brute force from one IP', () => {
  it('spraying real accounts from one IP throttles that IP (for every address alike), not other IPs nor the owner’s known browser', async () => {
    const sprayer = '203.0.113.99';
    const perIp = limitOf('signinIp').points;
    const victims = [];
    for (let i = 0; i < Math.ceil(perIp / SIGNIN_BACKOFF.free); i++) victims.push(await account());
    let fails = 0;
    for (const v of victims) {
      for (let k = 0; k < SIGNIN_BACKOFF.free && fails < perIp; k++, fails++) {
        expect(await attempt(v.email, `spray-${k}-guess`, sprayer)).toEqual({ ok: false, reason: 'invalid' });
      }
    }
    const bystander = await account();
    expect(await attempt(bystander.email, PW, sprayer)).toMatchObject({ ok: false, reason: 'throttled' });
    // Same answer for an address with no account: the throttle tells nothing about who has one.
    expect(await attempt('no-such-person@example.com', PW, sprayer)).toMatchObject({ ok: false, reason: 'throttled' });
    expect((await attempt(bystander.email, PW, '198.51.100.1')).ok).toBe(true);
    expect((await attempt(bystander.email, PW, sprayer, deviceCookieAfterSignIn(null, bystander.id))).ok).toBe(true);
    advance(3600);
    expect((await attempt(victims[0].email, PW, sprayer)).ok).toBe(true);
  });
});
