/**
 * Outside any request (a test, a CLI script, a timer) Next refuses updateTag and revalidateTag, so the tags go
 * straight to the cache handlers' tag state. The branches inside a server action and a route handler need a
 * running Next: e2e/cache-invalidation.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { asBackgroundWork } from '@/db/client';
import { getTagState } from '@/lib/cache-handlers/tag-state.mjs';
import { invalidate, invalidationCounts, onExpired } from '@/lib/cache-invalidate';
import { recordInvalidations } from '@/lib/testing/invalidations';

describe('invalidate', () => {
  it('outside a request expires the tags in the handlers’ tag state and tells the listeners once per tag', async () => {
    const before = invalidationCounts();
    const t0 = performance.timeOrigin + performance.now();
    const { tags } = await recordInvalidations(() => invalidate(['b', 'a', 'b']));
    expect(tags).toEqual(['a', 'b']);
    const after = invalidationCounts();
    expect([after.action, after.route, after.direct]).toEqual([before.action, before.route, before.direct + 1]);
    expect([after.directByTag.a, after.directByTag.b]).toEqual([(before.directByTag.a ?? 0) + 1, (before.directByTag.b ?? 0) + 1]);
    // An entry written before now carrying either tag is a miss for both handlers.
    expect(getTagState().isExpired(['a'], t0 - 1)).toBe(true);
    expect(getTagState().isExpired(['b'], t0 - 1)).toBe(true);
    expect(getTagState().isExpired(['c'], t0 - 1)).toBe(false);
  });

  it('background work goes straight to the tag state too, and onExpired hears it once it is in force', async () => {
    const heard: string[][] = [];
    const stop = onExpired((t) => heard.push(t));
    try {
      await asBackgroundWork(() => invalidate(['article:9', '_N_T_/article/nine']));
    } finally {
      stop();
    }
    expect(heard).toEqual([['article:9', '_N_T_/article/nine']]);
    expect(getTagState().tags.get('article:9')?.expired).toBeGreaterThan(0);
  });

  it('does nothing for no tags', async () => {
    const before = invalidationCounts();
    const { tags } = await recordInvalidations(() => invalidate([]));
    expect(tags).toEqual([]);
    expect(invalidationCounts()).toEqual(before);
  });
});
