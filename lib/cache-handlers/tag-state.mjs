/**
 * The state of cache tags in this process: for each tag, when it went stale and when it expired (ms, on the
 * clock Next stamps cache entries with). Both of our cache handlers (./use-cache.mjs for 'use cache',
 * ./page-cache.mjs for rendered pages) read it before serving an entry, and every invalidation writes it:
 * Next's own (`updateTag`/`revalidateTag` end in the handlers' `updateTags`/`revalidateTag`) and ours from
 * outside any request (lib/cache-invalidate.ts `expireTags`, e.g. the publish job).
 *
 * With REDIS_URL the state is shared by every instance through ./tag-sync.mjs: `update` publishes, `refresh`
 * (called by Next once per request before the first cache read) reads what the others published. Without it,
 * or while Redis is away, it is this process's alone.
 *
 * One per process, kept on globalThis: Next loads the handlers outside the app bundle, and the bundled
 * lib/cache-invalidate.ts has its own copy of this module; both must reach the same state.
 */
import { createTagSync } from './tag-sync.mjs';

/** @typedef {{ stale?: number, expired?: number }} TagTimes */
/** @typedef {ReturnType<typeof createTagState>} TagState */

/** Now, as Next stamps its 'use cache' entries (`timestamp`). */
export const clock = () => performance.timeOrigin + performance.now();

/**
 * `sync` gets the tag map and the function to call with tags that reached the other instances late (published
 * while Redis was away): the listeners hear those again.
 * @param {{ sync?: (tags: Map<string, TagTimes>, lateDelivery: (tags: string[]) => void) => import('./tag-sync.mjs').TagSync | null, now?: () => number }} [opts]
 */
export function createTagState({ sync, now = clock } = {}) {
  /** Every change of the map, whoever made it (an update here, the sync learning another instance's). */
  let generation = 0;
  /** @type {Map<string, TagTimes>} */
  const tags = new (class extends Map {
    set(/** @type {string} */ key, /** @type {TagTimes} */ value) {
      generation++;
      return super.set(key, value);
    }
    delete(/** @type {string} */ key) {
      generation++;
      return super.delete(key);
    }
    clear() {
      generation++;
      super.clear();
    }
  })();
  /** @type {Set<(tags: string[]) => void>} */
  const listeners = new Set();
  function tell(/** @type {string[]} */ list) {
    for (const listener of listeners) {
      try {
        listener(list);
      } catch (err) {
        console.error('[cache] a tag listener failed:', /** @type {Error} */ (err).message);
      }
    }
  }
  const shared = sync?.(tags, tell) ?? null;
  /** Tags updated in the same synchronous run: Next updates both handlers at once, with the same tags. */
  let batch = /** @type {{ tags: Set<string>, done: Promise<void> } | null} */ (null);

  /** Publishes the batch once, then tells the listeners: by then every instance can see the change. */
  function flushSoon(/** @type {string[]} */ list) {
    if (!batch) {
      const b = (batch = { tags: new Set(), done: Promise.resolve() });
      b.done = Promise.resolve().then(async () => {
        batch = null;
        const all = [...b.tags];
        await shared?.publish(all);
        tell(all);
      });
    }
    for (const tag of list) batch.tags.add(tag);
    return batch.done;
  }

  return {
    /** The tag map itself (the sync writes into it; tests read it). */
    tags,
    /** The Redis sync, or null when the state is this process's alone. */
    sync: shared,
    /**
     * Records an invalidation, as Next's handlers are told to (cacheHandlers.md, `updateTags`): without
     * durations the tags expire now; with them they go stale now and expire `durations.expire` s later.
     * Resolves once the change is shared with the other instances (or queued while Redis is away).
     * @param {string[]} list @param {{ expire?: number }} [durations]
     */
    update(list, durations) {
      const at = now();
      for (const tag of list) {
        const times = { ...tags.get(tag) };
        if (durations) {
          times.stale = at;
          if (durations.expire !== undefined) times.expired = at + durations.expire * 1000;
        } else times.expired = at;
        tags.set(tag, times);
      }
      return list.length ? flushSoon(list) : Promise.resolve();
    },
    /**
     * Calls `listener` with the tags of every later update made on this instance, once it is in force here
     * and shared with the others (not for what other instances published); for an update made while Redis was
     * away, once more when it reached Redis. Returns the function that stops it.
     * @param {(tags: string[]) => void} listener
     */
    onUpdate(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** A number that moves whenever any tag changes, here or learned from another instance (./response-cache.mjs). */
    generation() {
      return generation;
    },
    /** Learns what other instances invalidated (never throws, never waits long: see tag-sync). */
    async refresh() {
      await shared?.refresh();
    },
    /** Whether an entry written at `timestamp` carrying any of these tags must not be served any more. */
    isExpired(/** @type {Iterable<string>} */ list, /** @type {number} */ timestamp) {
      const t = now();
      for (const tag of list) {
        const expired = tags.get(tag)?.expired;
        if (expired !== undefined && expired > timestamp && expired <= t) return true;
      }
      return false;
    },
    /** Whether such an entry may be served only while a fresh one is made (a tag went stale after it). */
    isStale(/** @type {Iterable<string>} */ list, /** @type {number} */ timestamp) {
      for (const tag of list) if ((tags.get(tag)?.stale ?? 0) > timestamp) return true;
      return false;
    },
    /** The latest expiry among these tags that has already happened, or 0 (cacheHandlers.md, `getExpiration`). */
    expiration(/** @type {Iterable<string>} */ list) {
      const t = now();
      let latest = 0;
      for (const tag of list) {
        const expired = tags.get(tag)?.expired;
        if (expired !== undefined && expired <= t && expired > latest) latest = expired;
      }
      return latest;
    },
  };
}

const KEY = Symbol.for('broadsheet.cache.tag-state');

/**
 * The process's tag state, created on first use: shared through Redis when REDIS_URL is set at run time,
 * except during `next build`, whose workers must not publish anything.
 * @returns {TagState}
 */
export function getTagState() {
  const g = /** @type {{ [KEY]?: TagState }} */ (/** @type {unknown} */ (globalThis));
  const url = process.env.REDIS_URL;
  g[KEY] ??= createTagState({
    sync:
      url && process.env.NEXT_PHASE !== 'phase-production-build'
        ? (tags, lateDelivery) =>
            createTagSync({ url, prefix: process.env.REDIS_KEY_PREFIX || 'broadsheet:', manifest: tags, onLateDelivery: lateDelivery })
        : undefined,
  });
  return g[KEY];
}

/** The process's tag state if anything used it yet (for /api/health, which must not create it). */
export function existingTagState() {
  return /** @type {{ [KEY]?: TagState }} */ (/** @type {unknown} */ (globalThis))[KEY] ?? null;
}
