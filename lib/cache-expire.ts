/**
 * Expires cache tags from anywhere in the server process, a timer included. `revalidateTag` only works
 * inside a request (it queues the tags on the request's work store), so the publish job, which runs on a
 * timer, calls what Next itself calls when a request that revalidated ends (next/dist/server/
 * revalidation-utils.js): `updateTags` on every 'use cache' handler and `revalidateTag` on the incremental
 * (page) cache, without durations, which means "expired now": the next request renders fresh, never stale.
 * Both are registered on globalThis by the server, so this module's copy does not matter.
 */
import { getCacheHandlers } from 'next/dist/server/use-cache/handlers';

type IncrementalCache = { revalidateTag(tags: string[], durations?: { expire?: number }): Promise<void> };

export async function expireTags(tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  const handlers = getCacheHandlers() ?? [];
  const pageCache = (globalThis as { __incrementalCache?: IncrementalCache }).__incrementalCache;
  await Promise.all([...handlers.map((h) => h.updateTags?.(tags)), pageCache?.revalidateTag(tags)]);
}
