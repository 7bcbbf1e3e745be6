/**
 * The 'use cache' handler (next.config.js `cacheHandlers.default`), written to the documented interface
 * (Next's docs: 03-api-reference/05-config/01-next-config-js/cacheHandlers.md): results kept as bytes in this
 * process's memory, in an LRU bounded by bytes (CACHE_DATA_MAX_MB, ./limits.mjs), tags in ./tag-state.mjs
 * (shared by instances through Redis when REDIS_URL is set). It behaves like Next's built-in in-memory
 * handler: an entry is dropped once past its `revalidate` time (warming a replacement an LRU may evict
 * first is wasted work), one whose tag expired after it was written is a miss, one whose tag went stale is
 * served with `revalidate: -1` (Next refreshes it in the background), and soft tags are Next's to check
 * through `getExpiration`.
 */
import { limits, lruByBytes } from './limits.mjs';
import { clock, getTagState } from './tag-state.mjs';

/** Bookkeeping per entry beyond its bytes (metadata, tags, LRU node): a guess, so that tiny entries count too. */
const OVERHEAD = 512;

/** @typedef {import('next/cache').CacheEntry} CacheEntry */
/** @typedef {{ meta: Omit<CacheEntry, 'value'>, value: Uint8Array }} Stored */

const streamOf = (/** @type {Uint8Array} */ bytes) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

/**
 * A handler over its own store (tests make several; the app uses the default export).
 * @param {{ maxBytes: number, tags: import('./tag-state.mjs').TagState, now?: () => number, name?: string }} opts
 * @returns {import('next/cache').CacheHandler & { entries: ReturnType<typeof lruByBytes<Stored>> }}
 */
export function createDataCache({ maxBytes, tags, now = clock, name }) {
  const entries = lruByBytes(maxBytes, (/** @type {Stored} */ s, key) => s.value.byteLength + key.length + OVERHEAD, name);
  /** Sets still reading their value: a get of the same key waits for it rather than render it twice. */
  const pending = new Map();

  return {
    entries,
    async get(cacheKey) {
      try {
        await pending.get(cacheKey);
        const stored = entries.get(cacheKey);
        if (!stored) return undefined;
        const { meta, value } = stored;
        if (now() > meta.timestamp + meta.revalidate * 1000 || tags.isExpired(meta.tags, meta.timestamp)) {
          entries.delete(cacheKey);
          return undefined;
        }
        const revalidate = tags.isStale(meta.tags, meta.timestamp) ? -1 : meta.revalidate;
        return { ...meta, revalidate, value: streamOf(value) };
      } catch {
        return undefined;
      }
    },

    async set(cacheKey, pendingEntry) {
      /** @type {() => void} */
      let done = () => {};
      pending.set(
        cacheKey,
        new Promise((resolve) => {
          done = () => resolve(undefined);
        }),
      );
      try {
        const entry = await pendingEntry;
        // `expire: 0` is dynamic: Next renders it again on every read, so keeping it would waste memory. The
        // stream is one branch of Next's tee: cancelling it never settles while Next reads the other, so no await.
        if (entry.expire === 0) return void entry.value.cancel().catch(() => {});
        const { value: stream, ...meta } = entry;
        entries.set(cacheKey, { meta, value: new Uint8Array(await new Response(stream).arrayBuffer()) });
      } catch {
        // The value broke off while rendering: an incomplete result is not kept.
      } finally {
        pending.delete(cacheKey);
        done();
      }
    },

    refreshTags: () => tags.refresh(),
    getExpiration: async (softTags) => tags.expiration(softTags),
    updateTags: (list, durations) => tags.update(list, durations),
  };
}

export default createDataCache({ maxBytes: limits().dataBytes, tags: getTagState(), name: 'data' });
