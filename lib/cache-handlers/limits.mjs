/**
 * How much memory each in-process cache may hold, read from the environment when the server starts (so one
 * build serves any size): CACHE_PAGES_MAX_MB for rendered pages (./page-cache.mjs), CACHE_DATA_MAX_MB for
 * 'use cache' results (./use-cache.mjs), CACHE_RESPONSES_MAX_MB for whole answers (./response-cache.mjs).
 * 0 keeps nothing. The least recently used entries go first.
 */
import { LRUCache } from 'lru-cache';

export const DEFAULT_PAGES_MB = 64;
export const DEFAULT_DATA_MB = 32;
export const DEFAULT_RESPONSES_MB = 16;

/** @param {Record<string, string | undefined>} [env] */
export function limits(env = process.env) {
  const mb = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of megabytes, 0 or more (got "${raw}")`);
    return n;
  };
  return {
    pagesBytes: Math.floor(mb('CACHE_PAGES_MAX_MB', DEFAULT_PAGES_MB) * 2 ** 20),
    dataBytes: Math.floor(mb('CACHE_DATA_MAX_MB', DEFAULT_DATA_MB) * 2 ** 20),
    responsesBytes: Math.floor(mb('CACHE_RESPONSES_MAX_MB', DEFAULT_RESPONSES_MB) * 2 ** 20),
  };
}

const STORES = Symbol.for('broadsheet.cache.stores');
/** @typedef {{ readonly calculatedSize: number, readonly size: number }} Sized */

/**
 * An LRU of at most `maxBytes` by `sizeOf` (lru-cache), or, for 0, a store that keeps nothing. An entry
 * larger than the whole store is not kept. A store given a `name` is reported by `cacheSizes()`.
 * @template V @param {number} maxBytes @param {(value: V, key: string) => number} sizeOf @param {string} [name]
 * @returns {{ get(key: string): V | undefined, set(key: string, value: V): unknown, delete(key: string): boolean,
 *   readonly calculatedSize: number, readonly size: number }}
 */
export function lruByBytes(maxBytes, sizeOf, name) {
  const store =
    maxBytes <= 0
      ? { get: () => undefined, set: () => undefined, delete: () => false, calculatedSize: 0, size: 0 }
      : new LRUCache({ maxSize: maxBytes, maxEntrySize: maxBytes, sizeCalculation: (v, k) => Math.max(1, Math.ceil(sizeOf(v, k))) });
  if (name) {
    const stores = registry();
    stores.set(name, [...(stores.get(name) ?? []), store]);
  }
  return store;
}

/**
 * Every named store of the process, of every copy of these modules: Next loads the handlers itself, and
 * bundles the page cache handler into proxy.ts's code too (an instance the proxy keeps for itself, empty here).
 */
function registry() {
  const g = /** @type {{ [STORES]?: Map<string, Sized[]> }} */ (/** @type {unknown} */ (globalThis));
  return (g[STORES] ??= new Map());
}

/** How much each named store of this process holds (for /api/health), in bytes as its LRU counts them. */
export function cacheSizes() {
  const sum = (/** @type {Sized[]} */ stores, /** @type {'calculatedSize' | 'size'} */ k) => stores.reduce((n, s) => n + s[k], 0);
  return Object.fromEntries(
    [...registry()].map(([name, stores]) => [name, { bytes: sum(stores, 'calculatedSize'), entries: sum(stores, 'size') }]),
  );
}
