import 'server-only';
/**
 * The campaign clock, with an edge purge only (EDGE_PURGE, docs/edge.md): once a minute, every campaign whose face
 * changed with the clock alone (opened, ended, a day fewer left: lib/campaign-clock.ts) has its tags invalidated,
 * which purges the pages showing it from the edge, where they are held for a day. Without an edge the origin's own
 * cache lifetimes (lib/dal/campaigns.ts) already bound this, and the job does not run.
 */
import { invalidate } from '@/lib/cache-invalidate';
import { changedFaces } from '@/lib/campaign-clock';
import { now } from '@/lib/clock';
import { campaignTags } from '@/lib/cache-tags';
import { campaignClockFaces } from '@/lib/dal/campaigns';
import { startPeriodicJob } from './periodic';

export const CAMPAIGN_CLOCK_EVERY_MS = 60_000;

let seen: Map<string, string> | null = null;

/** One tick: invalidates the campaigns whose face changed since the last tick; returns their ids. */
export async function tickCampaignClock(): Promise<string[]> {
  const faces = await campaignClockFaces(now());
  const changed = seen ? changedFaces(seen, faces) : [];
  seen = faces;
  if (changed.length) await invalidate(changed.flatMap(campaignTags));
  return changed;
}

export function startCampaignClock(): void {
  startPeriodicJob('campaign clock', CAMPAIGN_CLOCK_EVERY_MS, tickCampaignClock);
}
