/**
 * The page cache handler (next.config.js `cacheHandler`), written to the documented interface (Next's docs:
 * 03-api-reference/05-config/01-next-config-js/incrementalCacheHandlerPath.md, and 02-guides/self-hosting.md
 * "Configuring Caching"): rendered pages (HTML, RSC payload, segment prefetches) and cached route handler
 * answers (the feeds), kept in this process's memory only, in an LRU bounded by bytes (CACHE_PAGES_MAX_MB,
 * ./limits.mjs). Nothing is written under .next/ (as `isrFlushToDisk: false` did with Next's own handler):
 * a build directory shared by runs on different databases must never serve another run's pages.
 *
 * Tags: Next stores a page's tags in its `x-next-cache-tags` header (self-hosting.md, "Index entries by
 * tag"): the soft tags `_N_T_…` of its path and layouts, and the explicit tags (cacheTag) of every 'use cache'
 * read it made. An entry is a miss once any of them expired after it was written (./tag-state.mjs, shared by
 * instances through Redis). A tag that only went stale (`revalidateTag(tag, 'max')`, which this app does not
 * use) also makes a miss here: a page is rendered again rather than served old.
 *
 * For a cache in front (issue #26), `set` adds the page's tags to the headers Next sends with the entry, as
 * `Surrogate-Key` and `Cache-Tag`, with a long edge lifetime when a purge is configured (docs/edge.md).
 *
 * Next makes one instance of this class per request: the entries live in the module.
 */
import { edgeHeaders } from './edge-keys.mjs';
import { limits, lruByBytes } from './limits.mjs';
import { clock, getTagState } from './tag-state.mjs';

const TAGS_HEADER = 'x-next-cache-tags';
export const SURROGATE_KEY_HEADER = 'surrogate-key';
/** Bookkeeping per entry beyond its bytes (key, objects, LRU node): a guess, so that tiny entries count too. */
const OVERHEAD = 256;

/** @typedef {{ value: any, lastModified: number, cacheControl?: unknown, tags: string[] }} Stored */

/** The tags Next gave this entry: the page's header, or a data fetch's own (ctx.tags, ctx.softTags). */
function tagsOf(/** @type {any} */ value, /** @type {any} */ ctx) {
  const header = value?.headers?.[TAGS_HEADER];
  const fromHeader = typeof header === 'string' && header ? header.split(',') : [];
  return [...fromHeader, ...(ctx?.tags ?? []), ...(ctx?.softTags ?? [])];
}

const len = (/** @type {any} */ x) => (typeof x === 'string' ? x.length : (x?.byteLength ?? 0));

/** What an entry holds in memory, near enough (strings as their length: pages are mostly ASCII). */
function sizeOf(/** @type {Stored} */ { value }, /** @type {string} */ key) {
  let size = OVERHEAD + key.length;
  if (!value) return size;
  size += len(value.html) + len(value.rscData) + len(value.body) + len(value.postponed);
  if (value.segmentData) for (const [path, bytes] of value.segmentData) size += path.length + len(bytes);
  if (value.kind === 'FETCH') size += JSON.stringify(value.data ?? '').length;
  if (value.headers) size += JSON.stringify(value.headers).length;
  return size;
}

/**
 * A page cache class over its own store (tests make several; the app uses the default export).
 * @param {{ maxBytes: number, tags: import('./tag-state.mjs').TagState, now?: () => number, name?: string }} opts
 */
export function createPageCache({ maxBytes, tags, now = clock, name }) {
  const entries = lruByBytes(maxBytes, sizeOf, name);

  return class PageCache {
    static entries = entries;

    /** @param {string} key @param {any} ctx */
    async get(key, ctx) {
      try {
        // Next calls refreshTags only on the 'use cache' handlers, which a page served from here never reaches:
        // learn what the other instances expired before every lookup (one GET of a counter, see tag-sync).
        await tags.refresh();
        const stored = entries.get(key);
        if (!stored) return null;
        const list = ctx?.kind === 'FETCH' ? [...stored.tags, ...tagsOf(null, ctx)] : stored.tags;
        if (tags.isExpired(list, stored.lastModified) || tags.isStale(list, stored.lastModified)) {
          entries.delete(key);
          return null;
        }
        return { value: stored.value, lastModified: stored.lastModified, cacheControl: stored.cacheControl };
      } catch {
        return null;
      }
    }

    /** @param {string} key @param {any} data @param {any} ctx */
    async set(key, data, ctx) {
      try {
        const list = tagsOf(data, ctx);
        // Only a complete answer can be kept by a cache in front; one with dynamic holes is private anyway.
        // Every tag goes on the wire as a key (./edge-keys.mjs), soft ones hashed: a purge of the keys of
        // what a write expired then removes what the origin renders again, no more.
        if (data?.headers && !data.postponed) Object.assign(data.headers, edgeHeaders(list, ctx?.cacheControl));
        entries.set(key, { value: data, lastModified: now(), cacheControl: ctx?.fetchCache ? undefined : ctx?.cacheControl, tags: list });
      } catch (err) {
        console.error('[cache] could not keep a page:', /** @type {Error} */ (err).message);
      }
    }

    /** @param {string | string[]} list @param {{ expire?: number }} [durations] */
    async revalidateTag(list, durations) {
      await tags.update(typeof list === 'string' ? [list] : list, durations);
    }

    resetRequestCache() {}
  };
}

export default createPageCache({ maxBytes: limits().pagesBytes, tags: getTagState(), name: 'pages' });
