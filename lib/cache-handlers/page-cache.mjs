/**
 * The page (incremental) cache handler (next.config.js `cacheHandler`): Next's own, the one it uses without
 * configuration (FileSystemCache, kept in memory here since `isrFlushToDisk` is off), plus tag invalidations
 * shared across instances through Redis when REDIS_URL is set (./tag-sync.mjs): before a page is looked up,
 * what other instances expired is copied into Next's tag map, which the lookup checks. Without REDIS_URL it
 * is exactly Next's default.
 */
import fileSystemCacheModule from 'next/dist/server/lib/incremental-cache/file-system-cache.js';
import { getTagSync } from './tag-sync.mjs';

const FileSystemCache = fileSystemCacheModule.default ?? fileSystemCacheModule;

export default class SharedTagsPageCache extends FileSystemCache {
  /** @param {Parameters<FileSystemCache['get']>} args */
  async get(...args) {
    await (await getTagSync())?.refresh();
    return super.get(...args);
  }

  /** @param {string | string[]} tags @param {{ expire?: number }} [durations] */
  async revalidateTag(tags, durations) {
    await super.revalidateTag(tags, durations);
    await (await getTagSync())?.publish(typeof tags === 'string' ? [tags] : tags);
  }
}
