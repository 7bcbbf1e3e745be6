import { describe, expect, it } from 'vitest';
import { invalidate } from '@/lib/cache-invalidate';
import { recordInvalidations } from '@/lib/testing/invalidations';

describe('invalidate', () => {
  it('outside a request expires the tags directly and tells the listeners once per tag', async () => {
    const { tags } = await recordInvalidations(() => invalidate(['b', 'a', 'b']));
    expect(tags).toEqual(['a', 'b']);
  });

  it('does nothing for no tags', async () => {
    const { tags } = await recordInvalidations(() => invalidate([]));
    expect(tags).toEqual([]);
  });
});
