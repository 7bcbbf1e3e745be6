/**
 * How much memory each in-process cache may hold, read from the environment when the server starts (so one
 * build serves any size): CACHE_PAGES_MAX_MB for rendered pages (./page-cache.mjs), CACHE_DATA_MAX_MB for
 * 'use cache' results (./use-cache.mjs). 0 keeps nothing. The least recently used entries go first.
 */
import { LRUCache } from 'lru-cache';

export const DEFAULT_PAGES_MB = 64;
export const DEFAULT_DATA_MB = 32;

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
  };
}

/**
 * An LRU of at most `maxBytes` by `sizeOf` (lru-cache), or, for 0, a store that keeps nothing. An entry
 * larger than the whole store is not kept.
 * @template V @param {number} maxBytes @param {(value: V, key: string) => number} sizeOf
 * @returns {{ get(key: string): V | undefined, set(key: string, value: V): unknown, delete(key: string): boolean,
 *   readonly calculatedSize: number, readonly size: number }}
 */
export function lruByBytes(maxBytes, sizeOf) {
  if (maxBytes <= 0) return { get: () => undefined, set: () => undefined, delete: () => false, calculatedSize: 0, size: 0 };
  return new LRUCache({ maxSize: maxBytes, maxEntrySize: maxBytes, sizeCalculation: (v, k) => Math.max(1, Math.ceil(sizeOf(v, k))) });
}
