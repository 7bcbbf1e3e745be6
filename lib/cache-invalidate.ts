import 'server-only';
/**
 * The one way a write dirties cached pages. Every DAL write calls `invalidate` with the tags (lib/cache-tags.ts)
 * of what it changed, so no action or route can forget one. Through Next's documented APIs only:
 *   - inside a server action: `updateTag`, so the writer's next render reads their own write (Next's docs:
 *     it can only be called from a Server Action and throws anywhere else, which is how we tell);
 *   - inside a route handler: `revalidateTag(tag, { expire: 0 })` (updateTag is refused there);
 *   - anywhere else (a timer, a CLI script, a test, a page render) and always for background work
 *     (`asBackgroundWork`, db/client.ts: the publish job, whose timer may carry the context of a request that
 *     has already ended): `expireTags`, straight into our cache handlers' tag state, which is all Next itself
 *     does with the tags once a request ends (lib/cache-handlers/tag-state.mjs, shared through Redis alike).
 * `onInvalidate` hears every call, before any of that (tests: lib/testing/invalidations.ts). `onExpired`
 * hears tags once they are in force on every instance, whichever way they came: that is where a purge of a
 * cache in front belongs (docs/caching.md).
 */
import { revalidateTag, updateTag } from 'next/cache';
import { isBackgroundWork } from '@/db/client';
import { getTagState } from '@/lib/cache-handlers/tag-state.mjs';

type Listener = (tags: string[]) => void;
const listeners: Set<Listener> = ((globalThis as { __invalidateListeners?: Set<Listener> }).__invalidateListeners ??= new Set());

/** Calls `listener` with the tags of every later invalidation; returns the function that stops it. */
export function onInvalidate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Calls `listener` with tags once this instance expired them and shared them with the others (from a write
 * here, through Next or not; never for another instance's): returns the function that stops it.
 */
export function onExpired(listener: Listener): () => void {
  return getTagState().onUpdate(listener);
}

/** How the last invalidations were made, for /api/health's statistics (DB_QUERY_STATS=1). */
export type InvalidationWay = 'action' | 'route' | 'direct';
const ways: Record<InvalidationWay, number> = ((
  globalThis as { __invalidationWays?: Record<InvalidationWay, number> }
).__invalidationWays ??= {
  action: 0,
  route: 0,
  direct: 0,
});
/** How often each tag went straight to the tag state, bounded to the most recent tags (tests tell whose). */
const directByTag: Map<string, number> = ((globalThis as { __directByTag?: Map<string, number> }).__directByTag ??= new Map());
const DIRECT_TAGS_KEPT = 1000;
function countDirect(tags: string[]): void {
  for (const t of tags) {
    const n = (directByTag.get(t) ?? 0) + 1;
    directByTag.delete(t);
    directByTag.set(t, n);
  }
  for (const t of directByTag.keys()) {
    if (directByTag.size <= DIRECT_TAGS_KEPT) break;
    directByTag.delete(t);
  }
}
export function invalidationCounts(): Readonly<Record<InvalidationWay, number>> & { directByTag: Record<string, number> } {
  return { ...ways, directByTag: Object.fromEntries(directByTag) };
}

export async function invalidate(tags: Iterable<string>): Promise<void> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  for (const l of listeners) l(unique);
  const way = isBackgroundWork() ? 'direct' : inRequest(unique);
  ways[way] += 1;
  if (way === 'direct') {
    countDirect(unique);
    await expireTags(unique);
  }
}

/** Hands the tags to the request Next is running, if any; each call refuses all tags or none. */
function inRequest(tags: string[]): InvalidationWay {
  try {
    for (const t of tags) updateTag(t);
    return 'action';
  } catch {}
  try {
    for (const t of tags) revalidateTag(t, { expire: 0 });
    return 'route';
  } catch {}
  return 'direct';
}

/** Expires tags now, from anywhere in the server process: the next request renders fresh, never stale. */
export async function expireTags(tags: string[]): Promise<void> {
  await getTagState().update(tags);
}
