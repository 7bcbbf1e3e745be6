/**
 * The one rule for "is this account banned now", and how a ban is described to the person it bans.
 * Used by the session layer (assertNotBanned), the staff guard, the proxy and the pages that show bans.
 */
import { now } from '@/lib/clock';

type Banned = { bannedUntil: Date | null };

export function isBannedNow(user: Banned, at: Date = now()): boolean {
  return !!user.bannedUntil && user.bannedUntil.getTime() > at.getTime();
}

/** "permanently" or "until 2026-12-01 10:00 UTC". */
export function banPeriod(bannedUntil: Date): string {
  return bannedUntil.getFullYear() >= 9999 ? 'permanently' : `until ${bannedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Your account is banned until …: reason." for a ban in force, else null. */
export function banSentence(user: Banned & { banReason: string | null }, at: Date = now()): string | null {
  if (!isBannedNow(user, at)) return null;
  return `Your account is banned ${banPeriod(user.bannedUntil!)}${user.banReason ? `: ${user.banReason}` : ''}.`;
}
