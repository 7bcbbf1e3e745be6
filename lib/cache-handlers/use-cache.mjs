/**
 * The 'use cache' handler (next.config.js `cacheHandlers.default`): Next's own in-memory handler, the same
 * one it uses without configuration and with the same size, plus tag invalidations shared across instances
 * through Redis when REDIS_URL is set (./tag-sync.mjs). Without REDIS_URL it is exactly Next's default.
 */
import defaultHandlerModule from 'next/dist/server/lib/cache-handlers/default.js';
import { getTagSync } from './tag-sync.mjs';

const { createDefaultCacheHandler } = defaultHandlerModule;
/** Next's default `cacheMaxMemorySize` (next.config.js leaves it unset). */
const MAX_SIZE = 50 * 1024 * 1024;
const local = createDefaultCacheHandler(MAX_SIZE);

/** @type {import('next/cache').CacheHandler} */
const handler = {
  get: (cacheKey, softTags) => local.get(cacheKey, softTags),
  set: (cacheKey, pendingEntry) => local.set(cacheKey, pendingEntry),
  // Called once per request before its first read: learn what other instances expired.
  async refreshTags() {
    await (await getTagSync())?.refresh();
  },
  getExpiration: (tags) => local.getExpiration(tags),
  async updateTags(tags, durations) {
    await local.updateTags(tags, durations);
    await (await getTagSync())?.publish(tags);
  },
};
export default handler;
