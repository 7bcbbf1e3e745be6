/**
 * What a campaign shows that changes with the clock alone, no write involved: whether it has started, whether it
 * has ended, and how many days are left. The origin re-reads campaigns within minutes by itself (their cache
 * lifetime, lib/dal/campaigns.ts); a page held at the edge for a day (docs/edge.md) needs a purge instead, which
 * the campaign clock job (lib/jobs/campaign-clock.ts) makes by invalidating a campaign's tags when its face changes.
 */
const DAY_MS = 86_400_000;

/** Whole days left before `endsAt` (rounded up; 0 once it passed), or null without an end. */
export function daysLeftAt(endsAt: Date | null, now: Date): number | null {
  return endsAt ? Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS)) : null;
}

/** A campaign's clock face at `now`: equal faces show the same on every page. */
export function clockFace(c: { startsAt: Date; endsAt: Date | null }, now: Date): string {
  const t = now.getTime();
  return `${c.startsAt.getTime() <= t ? 'open' : 'soon'}/${c.endsAt && c.endsAt.getTime() <= t ? 'ended' : 'running'}/${daysLeftAt(c.endsAt, now)}`;
}

/** The campaigns whose face differs between two readings (one seen for the first time has not changed). */
export function changedFaces(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...after].filter(([id, face]) => before.has(id) && before.get(id) !== face).map(([id]) => id);
}
