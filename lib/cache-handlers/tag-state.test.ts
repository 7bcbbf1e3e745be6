/**
 * The tag state both handlers share: two "instances" (each its own tag state and handlers, as each Next
 * process has) on one real Redis, then without it. The Redis protocol itself is tag-sync.test.ts's.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheEntry } from 'next/cache';
import { startRedis, type TestRedis } from '@/scripts/redis-server.mjs';
import { createPageCache } from './page-cache.mjs';
import { createTagState, type TagState } from './tag-state.mjs';
import { createTagSync, type TagSync } from './tag-sync.mjs';
import { createDataCache } from './use-cache.mjs';

let redis: TestRedis;
const syncs: TagSync[] = [];

function instance(prefix: string) {
  const logs: string[] = [];
  const tags = createTagState({
    sync: (map, lateDelivery) => {
      const sync = createTagSync({
        url: `${redis.url}/4`,
        prefix,
        manifest: map,
        log: (l) => logs.push(l),
        commandTimeoutMs: 500,
        onLateDelivery: lateDelivery,
      });
      syncs.push(sync);
      return sync;
    },
  });
  const Pages = createPageCache({ maxBytes: 2 ** 20, tags });
  return { tags, data: createDataCache({ maxBytes: 2 ** 20, tags }), pages: new Pages({}), logs };
}

const connected = (...xs: { tags: TagState }[]) => xs.every((x) => x.tags.sync?.connected);

const entry = (tags: string[]): Promise<CacheEntry> =>
  Promise.resolve({
    value: new Blob(['cached']).stream(),
    tags,
    stale: 300,
    revalidate: 900,
    expire: 3600,
    timestamp: performance.timeOrigin + performance.now(),
  });
const page = (tags: string) => ({ kind: 'APP_PAGE', html: '<p>cached</p>', headers: { 'x-next-cache-tags': tags } });

/** What Next does once a request that invalidated ends: every handler gets the tags (revalidation-utils). */
async function nextEndsRequest(x: ReturnType<typeof instance>, tags: string[]) {
  await Promise.all([x.data.updateTags(tags), x.pages.revalidateTag(tags)]);
}

/** What Next does before a request's first cache read. */
const nextStartsRequest = (x: ReturnType<typeof instance>) => x.data.refreshTags();

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(syncs.map((s) => s.close()));
  await redis?.stop();
});

describe('the tag state shared through Redis', () => {
  it('a tag expired on one instance makes both handlers of another miss from its next request', async () => {
    const a = instance('share:');
    const b = instance('share:');
    await expect.poll(() => connected(a, b)).toBe(true);
    await b.data.set('thread', entry(['comments:1']));
    await b.pages.set('article', page('_N_T_/article/x,comments:1'), { kind: 'APP_PAGE' });
    await nextStartsRequest(b);
    expect(await b.data.get('thread', [])).toBeDefined();

    await nextEndsRequest(a, ['comments:1']);
    // A page served from the page cache reaches no 'use cache' handler, so Next calls no refreshTags first.
    expect(await b.pages.get('article', { kind: 'APP_PAGE' })).toBeNull();
    await nextStartsRequest(b);
    expect(await b.data.get('thread', [])).toBeUndefined();
  });

  it('one invalidation through both handlers is published once and heard once, on the writing instance only', async () => {
    const a = instance('once:');
    const b = instance('once:');
    await expect.poll(() => connected(a, b)).toBe(true);
    const heard: string[][] = [];
    const heardOnB: string[][] = [];
    const stop = a.tags.onUpdate((tags) => heard.push(tags));
    const stopB = b.tags.onUpdate((tags) => heardOnB.push(tags));
    await nextEndsRequest(a, ['article:7', 'articles']);
    // B learns the change (its next request misses) but does not hear it: one edge purge per write, from A.
    await nextStartsRequest(b);
    expect(b.tags.isExpired(['article:7'], 0)).toBe(true);
    stop();
    stopB();
    expect(heard).toEqual([['article:7', 'articles']]);
    expect(heardOnB).toEqual([]);
    expect(await redisGet('once:tags:seq')).toBe('1');
  });

  it('without Redis each instance keeps invalidating its own cache, without waiting, and catches up after', async () => {
    const a = instance('outage:');
    const b = instance('outage:');
    await expect.poll(() => connected(a, b)).toBe(true);
    await a.pages.set('front', page('_N_T_/,articles'), { kind: 'APP_PAGE' });
    await b.pages.set('front', page('_N_T_/,articles'), { kind: 'APP_PAGE' });
    // What the edge purge hears (lib/edge/purge.ts): at once, and again once the others can see it.
    const heard: string[][] = [];
    a.tags.onUpdate((t) => heard.push(t));

    await redis.stop();
    await expect.poll(() => a.tags.sync?.connected || b.tags.sync?.connected).toBe(false);
    const started = Date.now();
    await nextEndsRequest(a, ['articles']);
    expect(await a.pages.get('front', { kind: 'APP_PAGE' })).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
    // A's own copy is gone at once; B cannot know yet and serves its own.
    expect(await b.pages.get('front', { kind: 'APP_PAGE' })).not.toBeNull();
    expect(a.logs.filter((l) => l.includes('unreachable'))).toHaveLength(1);

    expect(heard).toEqual([['articles']]);

    // Back (empty): what A expired meanwhile reaches B, and A's listeners hear it again (B may have served the
    // old page to the edge meanwhile: purge it once more).
    await redis.start();
    await expect.poll(() => b.pages.get('front', { kind: 'APP_PAGE' }), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => heard).toEqual([['articles'], ['articles']]);
  });
});

/** Reads a key of the test Redis with a client of its own, to look at what the instances wrote. */
async function redisGet(key: string) {
  const client = new Redis(`${redis.url}/4`);
  try {
    return await client.get(key);
  } finally {
    client.disconnect();
  }
}
