import 'server-only';
/**
 * Rate limits kept in Postgres (rate_limits table) through rate-limiter-flexible's RateLimiterDrizzle, so a
 * limit holds across every app instance sharing the database.
 */
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/db/client';
import { rateLimits } from '@/db/schema';

import { UNKNOWN_IP } from '@/lib/client-ip';

export type LimitName =
  | 'signinAccount' | 'signinIp' | 'signupIp' | 'mailIp' | 'mailAccount'
  | 'signinUnknownIp' | 'signupUnknownIp' | 'mailUnknownIp' | 'pledgeIp' | 'pledgeUnknownIp';

/** points per duration (seconds). */
const LIMITS: Record<LimitName, { points: number; duration: number }> = {
  /** Failed sign-ins per account: the 6th attempt waits until the window ends. */
  signinAccount: { points: 5, duration: 15 * 60 },
  /** Failed sign-ins per client IP (high enough for a shared office or the e2e suite). */
  signinIp: { points: 50, duration: 15 * 60 },
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
  signinUnknownIp: { points: 300, duration: 15 * 60 },
  signupUnknownIp: { points: 200, duration: 60 * 60 },
  mailUnknownIp: { points: 300, duration: 60 * 60 },
  pledgeUnknownIp: { points: 500, duration: 60 * 60 },
};

/** The per-IP limit to use for `ip`: the shared "unknown" bucket has its own, higher ceiling. */
export function ipLimit(base: 'signinIp' | 'signupIp' | 'mailIp' | 'pledgeIp', ip: string): LimitName {
  if (ip !== UNKNOWN_IP) return base;
  return ({ signinIp: 'signinUnknownIp', signupIp: 'signupUnknownIp', mailIp: 'mailUnknownIp', pledgeIp: 'pledgeUnknownIp' } as const)[base];
}

/** The configured limits, for documentation and tests. */
export function limitOf(name: LimitName): { points: number; duration: number } {
  return LIMITS[name];
}

type Holder = { limiters?: Map<string, RateLimiterDrizzle> };
const holder: Holder = ((globalThis as { __broadsheetLimiters?: Holder }).__broadsheetLimiters ??= {});

async function limiter(name: LimitName): Promise<RateLimiterDrizzle> {
  const db = await getDb();
  holder.limiters ??= new Map();
  // One limiter per database handle (tests open a fresh database per file).
  const cacheKey = name;
  let l = holder.limiters.get(cacheKey);
  if (!l || (l as unknown as { drizzleClient: unknown }).drizzleClient !== db) {
    l = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimits,
      keyPrefix: name,
      points: LIMITS[name].points,
      duration: LIMITS[name].duration,
      clearExpiredByTimeout: process.env.NODE_ENV !== 'test',
    });
    holder.limiters.set(cacheKey, l);
  }
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

export async function resetLimit(name: LimitName, key: string): Promise<void> {
  await (await limiter(name)).delete(key);
}

export function retryMessage(retryAfterSec: number): string {
  const minutes = Math.ceil(retryAfterSec / 60);
  return retryAfterSec < 60
    ? `Too many attempts. Try again in ${retryAfterSec} second${retryAfterSec === 1 ? '' : 's'}.`
    : `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
