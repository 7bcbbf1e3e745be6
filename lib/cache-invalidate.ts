import 'server-only';
/**
 * The one way a write dirties cached pages. Every DAL write calls `invalidate` with the tags (from
 * lib/cache-tags.ts) of what it changed, so no action or route can forget one:
 *   - inside a server action: `updateTag`, so the writer's next render reads their own write;
 *   - inside a route handler: `revalidateTag(tag, { expire: 0 })` (updateTag is refused there);
 *   - anywhere else (the publish timer, an import job after the response, a CLI script, a test):
 *     `expireTags`, which tells the cache handlers directly.
 * Tests see which tags a write dirtied through `onInvalidate` (lib/testing/invalidations.ts).
 */
import { revalidateTag, updateTag } from 'next/cache';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { expireTags } from '@/lib/cache-expire';

type Listener = (tags: string[]) => void;
const listeners: Set<Listener> = ((globalThis as { __invalidateListeners?: Set<Listener> }).__invalidateListeners ??= new Set());

/** Calls `listener` with the tags of every later invalidation; returns the function that stops it. */
export function onInvalidate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function invalidate(tags: Iterable<string>): Promise<void> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  for (const l of listeners) l(unique);
  const work = workAsyncStorage.getStore();
  const phase = (workUnitAsyncStorage.getStore() as { phase?: string } | undefined)?.phase;
  if (work && phase === 'action') {
    if (work.page.endsWith('/route')) for (const t of unique) revalidateTag(t, { expire: 0 });
    else for (const t of unique) updateTag(t);
    return;
  }
  await expireTags(unique);
}
