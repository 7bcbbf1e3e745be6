/**
 * Cache-tag invalidations shared by every app instance through Redis (REDIS_URL), so that a tag expired on
 * one instance is expired on all of them before their next request.
 *
 * It works on the tag map of ./tag-state.mjs, which both of our cache handlers read before serving an entry:
 * after a tag changed locally, publish() copies that tag's state to Redis; before a request reads the cache,
 * refresh() copies into the map what the other instances published since the last look.
 *
 * In Redis (keys under REDIS_KEY_PREFIX, default `broadsheet:`): a hash tag -> state (`{stale?, expired?}`,
 * epoch ms), a counter bumped by every publish, and a sorted set tag -> the counter value
 * of its last change. A refresh is one GET of the counter when nothing changed, or the tags changed since the
 * counter we saw.
 *
 * Redis is a helper, never a requirement: when it is unreachable each instance serves from its own cache,
 * expires tags locally, logs once, and keeps what it published to send when Redis is back (ioredis reconnects
 * by itself); then it reads the whole tag state again.
 */
import Redis from 'ioredis';

const PUBLISH = `
local seq = redis.call('INCR', KEYS[1])
for i = 1, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[3], seq, ARGV[i])
end
return seq`;

/**
 * `onLateDelivery` hears the tags published while Redis was away once they reached it: only then can the other
 * instances see them (the edge purge purges them again then, docs/edge.md).
 * @param {{ url: string, prefix?: string, manifest: Map<string, {stale?: number, expired?: number}>,
 *   log?: (line: string) => void, commandTimeoutMs?: number, onLateDelivery?: (tags: string[]) => void }} opts
 */
export function createTagSync({
  url,
  prefix = 'broadsheet:',
  manifest,
  log = (l) => console.error(l),
  commandTimeoutMs = 1000,
  onLateDelivery,
}) {
  const keys = [`${prefix}tags:seq`, `${prefix}tags`, `${prefix}tags:log`];
  const state = { seq: -1, down: false, since: 0, retriedAt: 0, pending: new Map(), syncing: /** @type {Promise<void> | null} */ (null) };

  const redis = new Redis(url, {
    // A command while disconnected fails at once instead of waiting in a queue: requests never wait on Redis.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // One that does not answer at all must not hold a request either.
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 250, 2000),
    lazyConnect: false,
  });

  /** @param {string} reason */
  function markDown(reason) {
    if (state.down) return;
    state.down = true;
    state.since = Date.now();
    state.seq = -1;
    log(`[cache] Redis unreachable (${reason}): serving from this instance's cache; tag invalidations stay local until it is back`);
  }

  redis.on('error', (err) => markDown(/** @type {{code?: string}} */ (err).code || err.message));
  redis.on('close', () => markDown('connection closed'));
  // Back after a reconnect: resync() says so once it has read the tag state again.
  redis.on('ready', () => void resync());

  function markUp() {
    if (state.down) log(`[cache] Redis reachable again after ${Math.round((Date.now() - state.since) / 1000)} s`);
    state.down = false;
  }

  /** @param {string} tag @param {string | null} json */
  function apply(tag, json) {
    if (!json) return;
    try {
      manifest.set(tag, JSON.parse(json));
    } catch {
      // A foreign value under our key: ignore it.
    }
  }

  /** Sends what was published while Redis was away, then reads the whole tag state. */
  function resync() {
    state.syncing ??= (async () => {
      try {
        if (state.pending.size) {
          const entries = [...state.pending];
          state.pending.clear();
          await send(entries);
          onLateDelivery?.(entries.map(([tag]) => tag));
        }
        const res = await redis.multi().get(keys[0]).hgetall(keys[1]).exec();
        if (!res) return;
        const [[e1, seq], [e2, all]] = /** @type {[[Error|null, string|null], [Error|null, Record<string, string>]]} */ (res);
        if (e1 || e2) throw e1 || e2;
        for (const [tag, json] of Object.entries(all)) apply(tag, json);
        state.seq = Number(seq ?? 0);
        markUp();
      } catch (err) {
        markDown(/** @type {Error} */ (err).message);
      } finally {
        state.syncing = null;
      }
    })();
    return state.syncing;
  }

  /** @param {[string, string][]} entries */
  async function send(entries) {
    try {
      await redis.eval(PUBLISH, 3, ...keys, ...entries.flat());
    } catch (err) {
      for (const [tag, json] of entries) state.pending.set(tag, json);
      throw err;
    }
  }

  return {
    /** Copies into the local map the tags other instances changed since the last call. Never throws. */
    async refresh() {
      if (redis.status !== 'ready') return;
      // Connected but not answering (a command timed out): look again in the background, at most every 2 s,
      // and let requests go on with the local state meanwhile.
      if (state.down) {
        if (Date.now() - state.retriedAt >= 2000) {
          state.retriedAt = Date.now();
          void resync();
        }
        return;
      }
      try {
        if (state.syncing) await state.syncing;
        if (state.seq < 0) return await resync();
        const seq = Number((await redis.get(keys[0])) ?? 0);
        if (seq === state.seq) return;
        // Fewer changes than we saw: Redis lost its data (a restart without persistence). Read everything.
        if (seq < state.seq) return await resync();
        const tags = await redis.zrangebyscore(keys[2], `(${state.seq}`, seq);
        if (tags.length) {
          const values = await redis.hmget(keys[1], ...tags);
          tags.forEach((tag, i) => apply(tag, values[i]));
        }
        state.seq = Math.max(state.seq, seq);
      } catch (err) {
        markDown(/** @type {Error} */ (err).message);
      }
    },
    /** Shares the local state of these tags (already updated in the map) with the other instances. Never throws. */
    async publish(/** @type {string[]} */ tags) {
      const entries = /** @type {[string, string][]} */ (tags.map((t) => [t, JSON.stringify(manifest.get(t) ?? {})]));
      if (entries.length === 0) return;
      if (redis.status !== 'ready' || state.down) {
        for (const [tag, json] of entries) state.pending.set(tag, json);
        return;
      }
      try {
        await send(entries);
      } catch (err) {
        markDown(/** @type {Error} */ (err).message);
      }
    },
    /** Whether Redis answers now (for /api/health and tests). */
    get connected() {
      return redis.status === 'ready' && !state.down;
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** @typedef {ReturnType<typeof createTagSync>} TagSync */
