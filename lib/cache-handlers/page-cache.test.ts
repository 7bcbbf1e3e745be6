/**
 * The page cache handler against the documented incremental cache interface: pages come back until one of
 * their tags (explicit, or a soft `_N_T_` tag of their path, both in the `x-next-cache-tags` header Next
 * stores with the page) expires after they were written; memory stays within its bound; a complete page
 * gets its tags as `Surrogate-Key` and `Cache-Tag` for a cache in front (docs/edge.md).
 */
import { describe, expect, it } from 'vitest';
import { createPageCache, type PageValue } from './page-cache.mjs';
import { createTagState } from './tag-state.mjs';
import { edgeKeys } from './edge-keys.mjs';

function setup(maxBytes = 1024 * 1024) {
  let t = 5_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const tags = createTagState({ now: clock.now });
  const Cache = createPageCache({ maxBytes, tags, now: clock.now });
  // Next makes an instance per request: every instance sees the same entries.
  return { clock, tags, Cache, cache: () => new Cache({}) };
}

const ARTICLE_TAGS =
  '_N_T_/layout,_N_T_/article/layout,_N_T_/article/[slug]/page,_N_T_/article/some-slug,articles,article-slug:some-slug,article:1,comments:1';

function page(over: Partial<NonNullable<PageValue>> = {}): NonNullable<PageValue> {
  return {
    kind: 'APP_PAGE',
    html: '<html>article</html>',
    rscData: new TextEncoder().encode('rsc'),
    headers: { 'x-next-cache-tags': ARTICLE_TAGS },
    status: 200,
    segmentData: new Map([['/_tree', new Uint8Array(10)]]),
    ...over,
  };
}

const CTX = { kind: 'APP_PAGE', cacheControl: { revalidate: 60, expire: 3600 } };

describe('the page cache handler', () => {
  it('keeps a page across requests, with when it was written and its cache control', async () => {
    const { cache, clock } = setup();
    await cache().set('/route-cache/APP_PAGE/h/$/article/some-slug', page(), CTX);
    const hit = await cache().get('/route-cache/APP_PAGE/h/$/article/some-slug', { kind: 'APP_PAGE' });
    expect(hit).toMatchObject({ lastModified: clock.now(), cacheControl: CTX.cacheControl, value: { html: '<html>article</html>' } });
    expect(await cache().get('/route-cache/APP_PAGE/h/$/elsewhere', { kind: 'APP_PAGE' })).toBeNull();
  });

  it('a page is a miss once an explicit tag of it expired after it was written', async () => {
    const { cache, clock, tags } = setup();
    await cache().set('k', page(), CTX);
    clock.advance(1);
    await tags.update(['comments:2']);
    expect(await cache().get('k', { kind: 'APP_PAGE' })).not.toBeNull();
    await tags.update(['comments:1']);
    expect(await cache().get('k', { kind: 'APP_PAGE' })).toBeNull();
    // Rendered again after the write, it is served.
    clock.advance(1);
    await cache().set('k', page(), CTX);
    expect(await cache().get('k', { kind: 'APP_PAGE' })).not.toBeNull();
  });

  it('a soft tag of the page’s path counts too (the publish job expires `_N_T_/article/<slug>`)', async () => {
    const { cache, clock, tags } = setup();
    await cache().set('k', page(), CTX);
    clock.advance(1);
    await tags.update(['_N_T_/article/other-slug']);
    expect(await cache().get('k', { kind: 'APP_PAGE' })).not.toBeNull();
    await tags.update(['_N_T_/article/some-slug']);
    expect(await cache().get('k', { kind: 'APP_PAGE' })).toBeNull();
  });

  it('revalidateTag (what Next calls after updateTag/revalidateTag, and for revalidatePath) records the expiry', async () => {
    const { cache, clock } = setup();
    await cache().set('k', page(), CTX);
    clock.advance(1);
    await cache().revalidateTag('article:1');
    expect(await cache().get('k', { kind: 'APP_PAGE' })).toBeNull();
    await cache().set('k2', page(), CTX);
    clock.advance(1);
    // A stale-only invalidation also makes a miss here: the page is rendered again, never served old.
    await cache().revalidateTag(['articles'], { expire: 3600 });
    expect(await cache().get('k2', { kind: 'APP_PAGE' })).toBeNull();
  });

  it('a route handler’s answer (the feeds) and a data fetch are invalidated by their tags as well', async () => {
    const { cache, clock, tags } = setup();
    const feed = {
      kind: 'APP_ROUTE',
      body: new TextEncoder().encode('<rss/>'),
      status: 200,
      headers: { 'x-next-cache-tags': '_N_T_/feed.xml,articles,taxonomy' },
    };
    await cache().set('feed', feed, { kind: 'APP_ROUTE', cacheControl: { revalidate: 60 } });
    await cache().set('fetch', { kind: 'FETCH', data: { body: 'x' } }, { fetchCache: true, tags: ['campaigns'] });
    clock.advance(1);
    await tags.update(['taxonomy']);
    expect(await cache().get('feed', { kind: 'APP_ROUTE' })).toBeNull();
    expect(await cache().get('fetch', { kind: 'FETCH', tags: ['campaigns'], softTags: ['_N_T_/support'] })).not.toBeNull();
    await tags.update(['_N_T_/support']);
    expect(await cache().get('fetch', { kind: 'FETCH', tags: ['campaigns'], softTags: ['_N_T_/support'] })).toBeNull();
  });

  it('keeps at most its bound in bytes, the least recently read going first', async () => {
    const { cache, Cache } = setup(200 * 1024);
    const big = () => page({ html: 'x'.repeat(60 * 1024) });
    for (const k of ['a', 'b', 'c']) await cache().set(k, big(), CTX);
    await cache().get('a', { kind: 'APP_PAGE' });
    await cache().set('d', big(), CTX);
    expect(await cache().get('b', { kind: 'APP_PAGE' })).toBeNull();
    for (const k of ['a', 'c', 'd']) expect(await cache().get(k, { kind: 'APP_PAGE' }), k).not.toBeNull();
    expect(Cache.entries.calculatedSize).toBeLessThanOrEqual(200 * 1024);
    // The RSC payload and the segment prefetches count as well as the HTML.
    await cache().set('e', page({ html: '', rscData: new Uint8Array(150 * 1024) }), CTX);
    expect(Cache.entries.calculatedSize).toBeLessThanOrEqual(200 * 1024);
    expect(await cache().get('c', { kind: 'APP_PAGE' })).toBeNull();
  });

  it('gives a complete page its tags as Surrogate-Key and Cache-Tag, in the headers Next sends with it', async () => {
    const { cache } = setup();
    const value = page();
    await cache().set('k', value, CTX);
    const keys = edgeKeys(ARTICLE_TAGS.split(','));
    // Explicit tags as they are; Next's soft tags hashed into short keys (a purge of the path finds the page).
    expect(keys.slice(4)).toEqual(['articles', 'article-slug:some-slug', 'article:1', 'comments:1']);
    expect(keys.slice(0, 4).every((k) => /^h[A-Za-z0-9_-]{12}$/.test(k))).toBe(true);
    // The same headers object Next answers this first request with (a MISS), and every later HIT.
    expect(value.headers?.['surrogate-key']).toBe(keys.join(' '));
    expect(value.headers?.['cache-tag']).toBe(keys.join(','));
    const hit = (await cache().get('k', { kind: 'APP_PAGE' }))?.value?.headers;
    expect(hit?.['surrogate-key']).toBe(keys.join(' '));
  });

  it('no tags on a page with dynamic holes (answered privately)', async () => {
    const { cache } = setup();
    const shell = page({ postponed: '{"state":1}' });
    await cache().set('shell', shell, CTX);
    expect(shell.headers?.['surrogate-key']).toBeUndefined();
    expect(shell.headers?.['cache-tag']).toBeUndefined();
  });

  it('a long edge lifetime only with a purge configured, and never for a page that changes with the clock', async () => {
    const { cache } = setup();
    const before = process.env.EDGE_PURGE;
    try {
      delete process.env.EDGE_PURGE;
      const plain = page();
      await cache().set('plain', plain, CTX);
      expect(plain.headers?.['surrogate-control']).toBeUndefined();
      process.env.EDGE_PURGE = 'varnish';
      const purged = page();
      await cache().set('purged', purged, CTX);
      expect(purged.headers?.['surrogate-control']).toBe('max-age=86400, stale-while-revalidate=3600');
      expect(purged.headers?.['cdn-cache-control']).toBe('max-age=86400, stale-while-revalidate=3600');
      // A campaign that opens in 40 s: the page's own 40 s lifetime holds at the edge too.
      const timed = page();
      await cache().set('timed', timed, { kind: 'APP_PAGE', cacheControl: { revalidate: 40, expire: 300 } });
      expect(timed.headers?.['surrogate-control']).toBeUndefined();
      expect(timed.headers?.['surrogate-key']).toBeTruthy();
    } finally {
      if (before === undefined) delete process.env.EDGE_PURGE;
      else process.env.EDGE_PURGE = before;
    }
  });

  it('a bound of 0 keeps nothing', async () => {
    const { cache } = setup(0);
    await cache().set('k', page(), CTX);
    expect(await cache().get('k', { kind: 'APP_PAGE' })).toBeNull();
  });
});
