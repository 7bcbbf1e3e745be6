/**
 * The 'use cache' handler against the documented interface (Next's cacheHandlers.md): what Next stores comes
 * back, memory stays within its bound, and a tag expired after an entry was written makes it a miss.
 */
import { describe, expect, it } from 'vitest';
import type { CacheEntry } from 'next/cache';
import { cacheSizes, limits, lruByBytes } from './limits.mjs';
import { createTagState } from './tag-state.mjs';
import { createDataCache } from './use-cache.mjs';

/** A clock the test moves: the tag state and the handler read the same one, as in the server. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function setup(maxBytes = 1024 * 1024) {
  const clock = fakeClock();
  const tags = createTagState({ now: clock.now });
  const cache = createDataCache({ maxBytes, tags, now: clock.now });
  return { clock, tags, cache };
}

function entry(bytes: Uint8Array | string, over: Partial<Omit<CacheEntry, 'value'>> & { timestamp: number }): Promise<CacheEntry> {
  const value = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return Promise.resolve({
    value: new ReadableStream({
      start(c) {
        c.enqueue(value);
        c.close();
      },
    }),
    tags: [],
    stale: 300,
    revalidate: 900,
    expire: 3600,
    ...over,
  });
}

async function text(e: CacheEntry | undefined) {
  return e ? new Response(e.value).text() : undefined;
}

describe("the 'use cache' handler", () => {
  it('gives back what was stored, as a new stream on every read', async () => {
    const { cache, clock } = setup();
    await cache.set('k', entry('hello', { timestamp: clock.now(), tags: ['article:1'] }));
    const first = await cache.get('k', []);
    expect(first).toMatchObject({ tags: ['article:1'], revalidate: 900, expire: 3600, timestamp: clock.now() });
    expect(await text(first)).toBe('hello');
    expect(await text(await cache.get('k', []))).toBe('hello');
    expect(await cache.get('other', [])).toBeUndefined();
  });

  it('a read during the write waits for it instead of missing', async () => {
    const { cache, clock } = setup();
    let finish!: (e: CacheEntry) => void;
    const writing = cache.set('k', new Promise<CacheEntry>((r) => (finish = r)));
    const reading = cache.get('k', []);
    finish(await entry('late', { timestamp: clock.now() }));
    await writing;
    expect(await text(await reading)).toBe('late');
  });

  it('keeps at most its bound in bytes, dropping the least recently read first', async () => {
    const { cache, clock } = setup(100 * 1024);
    const kb = (n: number) => new Uint8Array(n * 1024);
    for (const k of ['a', 'b', 'c']) await cache.set(k, entry(kb(30), { timestamp: clock.now() }));
    await cache.get('a', []); // a is now the most recently used
    await cache.set('d', entry(kb(30), { timestamp: clock.now() }));
    expect(await cache.get('b', [])).toBeUndefined();
    for (const k of ['a', 'c', 'd']) expect(await cache.get(k, []), k).toBeDefined();
    expect(cache.entries.calculatedSize).toBeLessThanOrEqual(100 * 1024);
    // An entry larger than the whole store is not kept (and evicts nothing).
    await cache.set('huge', entry(kb(200), { timestamp: clock.now() }));
    expect(await cache.get('huge', [])).toBeUndefined();
    expect(await cache.get('a', [])).toBeDefined();
  });

  it('an entry whose tag expired after it was written is a miss; one written after is served', async () => {
    const { cache, clock, tags } = setup();
    await cache.set('old', entry('old', { timestamp: clock.now(), tags: ['comments:1'] }));
    clock.advance(10);
    await tags.update(['comments:1']);
    clock.advance(10);
    expect(await cache.get('old', [])).toBeUndefined();
    await cache.set('new', entry('new', { timestamp: clock.now(), tags: ['comments:1'] }));
    expect(await text(await cache.get('new', []))).toBe('new');
  });

  it('an entry whose tag went stale is served for a background refresh (revalidate -1)', async () => {
    const { cache, clock, tags } = setup();
    await cache.set('k', entry('v', { timestamp: clock.now(), tags: ['articles'] }));
    clock.advance(10);
    await tags.update(['articles'], { expire: 3600 });
    const stale = await cache.get('k', []);
    expect(stale?.revalidate).toBe(-1);
    expect(await text(stale)).toBe('v');
    // Once the profile's expiry has passed it is gone.
    clock.advance(3600 * 1000);
    expect(await cache.get('k', [])).toBeUndefined();
  });

  it('drops an entry once past its revalidate time, like Next’s own in-memory handler', async () => {
    const { cache, clock } = setup();
    await cache.set('k', entry('v', { timestamp: clock.now(), revalidate: 60 }));
    clock.advance(59_000);
    expect(await cache.get('k', [])).toBeDefined();
    clock.advance(2_000);
    expect(await cache.get('k', [])).toBeUndefined();
  });

  it('does not keep a dynamic result (expire 0) or a value that broke off', async () => {
    const { cache, clock } = setup();
    // Next hands over one branch of a tee whose other branch it reads itself (and has not finished yet).
    const [branch, nextsOwn] = new Blob(['v']).stream().tee();
    await cache.set(
      'dynamic',
      entry('', { timestamp: clock.now(), expire: 0 }).then((e) => ({ ...e, value: branch })),
    );
    expect(await cache.get('dynamic', [])).toBeUndefined();
    expect(await new Response(nextsOwn).text()).toBe('v');
    const broken = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(4));
        c.error(new Error('render failed'));
      },
    });
    await cache.set(
      'broken',
      entry('', { timestamp: clock.now() }).then((e) => ({ ...e, value: broken })),
    );
    expect(await cache.get('broken', [])).toBeUndefined();
  });

  it('getExpiration: 0 for tags never expired, else the latest expiry that has happened', async () => {
    const { cache, clock, tags } = setup();
    expect(await cache.getExpiration(['_N_T_/layout', '_N_T_/article/x'])).toBe(0);
    await tags.update(['_N_T_/article/x']);
    const at = clock.now();
    clock.advance(5);
    await tags.update(['_N_T_/layout']);
    expect(await cache.getExpiration(['_N_T_/article/x'])).toBe(at);
    expect(await cache.getExpiration(['_N_T_/layout', '_N_T_/article/x'])).toBe(at + 5);
    // A stale-only update (a profile's expiry still ahead) is not an expiry yet.
    clock.advance(5);
    await tags.update(['_N_T_/feed'], { expire: 60 });
    expect(await cache.getExpiration(['_N_T_/feed'])).toBe(0);
    clock.advance(60_000);
    expect(await cache.getExpiration(['_N_T_/feed'])).toBe(at + 10 + 60_000);
  });

  it('updateTags without durations expires the tags now (what updateTag and expire: 0 send)', async () => {
    const { cache, clock, tags } = setup();
    await cache.updateTags(['a', 'b']);
    expect(tags.tags.get('a')).toEqual({ expired: clock.now() });
    await cache.updateTags(['a'], { expire: 0 });
    expect(tags.tags.get('a')).toEqual({ stale: clock.now(), expired: clock.now() });
  });
});

describe('memory bounds from the environment', () => {
  it('reads CACHE_PAGES_MAX_MB, CACHE_DATA_MAX_MB and CACHE_RESPONSES_MAX_MB, with defaults, and refuses nonsense', () => {
    expect(limits({})).toEqual({ pagesBytes: 64 * 2 ** 20, dataBytes: 32 * 2 ** 20, responsesBytes: 16 * 2 ** 20 });
    expect(limits({ CACHE_PAGES_MAX_MB: '8', CACHE_DATA_MAX_MB: '0.5', CACHE_RESPONSES_MAX_MB: '0' })).toEqual({
      pagesBytes: 8 * 2 ** 20,
      dataBytes: 2 ** 19,
      responsesBytes: 0,
    });
    expect(() => limits({ CACHE_RESPONSES_MAX_MB: 'lots' })).toThrow(/CACHE_RESPONSES_MAX_MB/);
    expect(limits({ CACHE_PAGES_MAX_MB: ' ' }).pagesBytes).toBe(64 * 2 ** 20);
    expect(() => limits({ CACHE_DATA_MAX_MB: '32MB' })).toThrow(/CACHE_DATA_MAX_MB must be a number of megabytes/);
    expect(() => limits({ CACHE_PAGES_MAX_MB: '-1' })).toThrow(/CACHE_PAGES_MAX_MB/);
  });

  it('reports what the named stores hold, every copy of a handler module together', () => {
    const sizeOf = (v: string) => v.length;
    const first = lruByBytes<string>(1000, sizeOf, 'test-store');
    const second = lruByBytes<string>(1000, sizeOf, 'test-store');
    first.set('a', 'x'.repeat(100));
    second.set('b', 'y'.repeat(50));
    second.set('c', 'z'.repeat(5000)); // larger than the store: not kept
    expect(cacheSizes()['test-store']).toEqual({ bytes: 150, entries: 2 });
  });

  it('a bound of 0 keeps nothing', async () => {
    const { cache, clock } = setup(0);
    await cache.set('k', entry('v', { timestamp: clock.now() }));
    expect(await cache.get('k', [])).toBeUndefined();
  });
});
