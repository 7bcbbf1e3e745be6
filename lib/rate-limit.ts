import 'server-only';
/**
 * Rate limits kept in Postgres (rate_limits table) through rate-limiter-flexible's RateLimiterDrizzle, so a
 * limit holds across every app instance sharing the database.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb, type Db } from '@/db/client';
import { rateLimits, signinThrottle } from '@/db/schema';

import { UNKNOWN_IP } from '@/lib/client-ip';

export type LimitName =
  | 'signinAccount'
  | 'signinIp'
  | 'signupIp'
  | 'mailIp'
  | 'mailAccount'
  | 'signupUnknownIp'
  | 'mailUnknownIp'
  | 'pledgeIp'
  | 'pledgeUnknownIp';

/** points per duration (seconds). */
const LIMITS: Record<LimitName, { points: number; duration: number }> = {
  /**
   * Wrong answers to "current password" in the account settings (a signed-in session guessing its own
   * password). Password sign-in itself is throttled by takeSigninAttempt() below, per account and client.
   */
  signinAccount: { points: 5, duration: 15 * 60 },
  /**
   * Slow brute force from one known IP: failed sign-ins to existing accounts per hour. Used before the password
   * is checked, refunded on success; never applied to the "unknown IP" identity nor to a known device.
   */
  signinIp: { points: 100, duration: 60 * 60 },
  /** Accounts created per client IP. */
  signupIp: { points: 20, duration: 60 * 60 },
  /** Mails requested (reset, magic link, re-verify) per client IP and per address. */
  mailIp: { points: 30, duration: 60 * 60 },
  mailAccount: { points: 5, duration: 60 * 60 },
  /** New pledges per client IP (retries of the same form are not new pledges and never count). */
  pledgeIp: { points: 20, duration: 60 * 60 },
  /**
   * Requests whose IP is unknown (no TRUSTED_IP_HEADERS configured, or the header missing) share one
   * bucket: a ceiling for everyone together, higher so one abuser cannot lock every visitor out.
   */
  signupUnknownIp: { points: 200, duration: 60 * 60 },
  mailUnknownIp: { points: 300, duration: 60 * 60 },
  pledgeUnknownIp: { points: 500, duration: 60 * 60 },
};

/** The per-IP limit to use for `ip`: the shared "unknown" bucket has its own, higher ceiling. */
export function ipLimit(base: 'signupIp' | 'mailIp' | 'pledgeIp', ip: string): LimitName {
  if (ip !== UNKNOWN_IP) return base;
  return ({ signupIp: 'signupUnknownIp', mailIp: 'mailUnknownIp', pledgeIp: 'pledgeUnknownIp' } as const)[base];
}

/** The configured limits, for documentation and tests. */
export function limitOf(name: LimitName): { points: number; duration: number } {
  return LIMITS[name];
}

type Limiter = { db: Db; limiter: RateLimiterDrizzle };
type Holder = { limiters?: Map<LimitName, Limiter> };
const holder: Holder = ((globalThis as { __broadsheetLimiters?: Holder }).__broadsheetLimiters ??= {});

async function limiter(name: LimitName): Promise<RateLimiterDrizzle> {
  const db = await getDb();
  holder.limiters ??= new Map();
  // One limiter per database handle (tests open a fresh database per file): remember which one it was built on.
  const known = holder.limiters.get(name);
  if (known?.db === db) return known.limiter;
  const l = new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: name,
    points: LIMITS[name].points,
    duration: LIMITS[name].duration,
    clearExpiredByTimeout: process.env.NODE_ENV !== 'test',
  });
  holder.limiters.set(name, { db, limiter: l });
  return l;
}

export type LimitState = { limited: boolean; retryAfterSec: number };

/** Whether `key` has used up its points, without consuming one. */
export async function peekLimit(name: LimitName, key: string): Promise<LimitState> {
  const res = await (await limiter(name)).get(key);
  if (res && res.consumedPoints >= LIMITS[name].points) {
    return { limited: true, retryAfterSec: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }
  return { limited: false, retryAfterSec: 0 };
}

/** Uses one point; `limited` when this one went over the limit. */
export async function hitLimit(name: LimitName, key: string): Promise<LimitState> {
  try {
    await (await limiter(name)).consume(key, 1);
    return { limited: false, retryAfterSec: 0 };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { limited: true, retryAfterSec: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw err;
  }
}

/** Gives back one point (an attempt that was counted before it was checked, and turned out fine). */
export async function refundLimit(name: LimitName, key: string): Promise<void> {
  await (await limiter(name)).reward(key, 1);
}

/**
 * Runs `attempt` under the limit. The point is taken first, in one statement (concurrent attempts are
 * serialised on the row, so no more than the limit can slip through between a check and a count), and
 * given back when the attempt turns out not to count: it threw (refused input, a closed campaign…), or
 * `counts` says so (a recognised retry). `attempt` learns whether the limit was already used up.
 */
export async function underLimit<T>(
  name: LimitName,
  key: string,
  attempt: (state: LimitState) => Promise<T>,
  counts: (result: T) => boolean = () => true,
): Promise<T> {
  const state = await hitLimit(name, key);
  let result: T;
  try {
    result = await attempt(state);
  } catch (err) {
    await refundLimit(name, key);
    throw err;
  }
  if (!counts(result)) await refundLimit(name, key);
  return result;
}

export async function resetLimit(name: LimitName, key: string): Promise<void> {
  await (await limiter(name)).delete(key);
}

export function retryMessage(retryAfterSec: number): string {
  const minutes = Math.ceil(retryAfterSec / 60);
  return retryAfterSec < 60
    ? `Too many attempts. Try again in ${retryAfterSec} second${retryAfterSec === 1 ? '' : 's'}.`
    : `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/**
 * Password sign-in: consecutive failures per (account, client), after rate-limiter-flexible's "login endpoint
 * protection" guide, but slowing down instead of locking: the first FREE failures cost nothing, then every
 * further attempt must wait BASE·2^(n-FREE) seconds after the last one, at most MAX. A success deletes the
 * count; it is forgotten FORGET after the last attempt. An attacker elsewhere (another IP or device) has a
 * count of their own and cannot slow the owner down.
 */
export const SIGNIN_BACKOFF = { free: 3, baseSec: 15, maxSec: 5 * 60, forgetSec: 24 * 3600 } as const;

/** The wait imposed after the n-th consecutive failure, in seconds. */
export function signinWaitSec(failures: number): number {
  const { free, baseSec, maxSec } = SIGNIN_BACKOFF;
  return failures < free ? 0 : Math.min(maxSec, baseSec * 2 ** (failures - free));
}

/** The key for an address as typed (lower-cased); invented addresses are not stored in clear. */
export function signinAccountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

function waitSql(failures: SQL): SQL {
  const { free, baseSec, maxSec } = SIGNIN_BACKOFF;
  return sql`(CASE WHEN ${failures} < ${free} THEN 0 ELSE least(${maxSec}, ${baseSec} * power(2, ${failures} - ${free})) END)`;
}

/**
 * Takes the next attempt for (account, client) before the password is checked, counting it as a failure, in
 * one statement: parallel attempts are serialized on the row, so no more get through than the schedule allows.
 * `limited` (with the wait) when the client must wait first; call clearSigninAttempts() after a success.
 */
export async function takeSigninAttempt(account: string, client: string, now = new Date()): Promise<LimitState> {
  const db = await getDb();
  const t = signinThrottle;
  const at = sql`${sql.param(now, t.expiresAt)}::timestamptz`;
  const expired = sql`${t.expiresAt} <= ${at}`;
  const failures = sql`(CASE WHEN ${expired} THEN 1 ELSE ${t.failures} + 1 END)`;
  const [taken] = await db
    .insert(t)
    .values({
      account,
      client,
      failures: 1,
      nextAttemptAt: new Date(now.getTime() + signinWaitSec(1) * 1000),
      expiresAt: new Date(now.getTime() + SIGNIN_BACKOFF.forgetSec * 1000),
    })
    .onConflictDoUpdate({
      target: [t.account, t.client],
      set: {
        failures,
        nextAttemptAt: sql`${at} + make_interval(secs => ${waitSql(failures)})`,
        expiresAt: sql`${at} + make_interval(secs => ${SIGNIN_BACKOFF.forgetSec})`,
      },
      setWhere: sql`${t.nextAttemptAt} <= ${at} OR ${expired}`,
    })
    .returning({ failures: t.failures });
  if (Math.random() < 0.01)
    await db
      .delete(t)
      .where(lt(t.expiresAt, now))
      .catch(() => {});
  if (taken) return { limited: false, retryAfterSec: 0 };
  const [row] = await db
    .select({ next: t.nextAttemptAt })
    .from(t)
    .where(and(eq(t.account, account), eq(t.client, client)));
  const ms = row ? row.next.getTime() - now.getTime() : 0;
  return { limited: true, retryAfterSec: Math.max(1, Math.ceil(ms / 1000)) };
}

/** After a successful sign-in from `client`, or (without client) when a password reset proved the address. */
export async function clearSigninAttempts(account: string, client?: string): Promise<void> {
  const db = await getDb();
  const t = signinThrottle;
  await db.delete(t).where(client ? and(eq(t.account, account), eq(t.client, client)) : eq(t.account, account));
}
