/**
 * Two "instances" (two tag syncs, each with its own tag map, as each Next process has) on one real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTagSync, type TagState, type TagSync } from './tag-sync.mjs';
import { startRedis, type TestRedis } from '@/scripts/redis-server.mjs';

let redis: TestRedis;
const syncs: TagSync[] = [];

function instance(logs: string[] = []) {
  const manifest = new Map<string, TagState>();
  const sync = createTagSync({ url: `${redis.url}/3`, prefix: 'test:', manifest, log: (l) => logs.push(l), commandTimeoutMs: 500 });
  syncs.push(sync);
  return { manifest, sync, logs };
}

/** What Next's handlers do to their map on updateTag() (immediate expiry), before our publish. */
function expireLocally(manifest: Map<string, TagState>, tag: string, at = Date.now()) {
  manifest.set(tag, { ...manifest.get(tag), expired: at });
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(syncs.map((s) => s.close()));
  await redis?.stop();
});

describe('tag invalidations shared through Redis', () => {
  it('a tag expired on one instance is expired on another after its next refresh', async () => {
    const a = instance();
    const b = instance();
    await expect.poll(() => a.sync.connected && b.sync.connected).toBe(true);

    expireLocally(a.manifest, 'article:1', 1_000);
    await a.sync.publish(['article:1']);
    await b.sync.refresh();
    expect(b.manifest.get('article:1')).toEqual({ expired: 1_000 });

    // A later change to the same tag arrives too; an unrelated tag is untouched.
    b.manifest.set('comments:9', { stale: 5 });
    a.manifest.set('article:1', { stale: 2_000, expired: 3_000 });
    await a.sync.publish(['article:1']);
    await b.sync.refresh();
    expect(b.manifest.get('article:1')).toEqual({ stale: 2_000, expired: 3_000 });
    expect(b.manifest.get('comments:9')).toEqual({ stale: 5 });
  });

  it('a new instance starts with every tag expired so far', async () => {
    const c = instance();
    await expect.poll(() => c.sync.connected).toBe(true);
    await c.sync.refresh();
    expect(c.manifest.get('article:1')).toEqual({ stale: 2_000, expired: 3_000 });
  });

  it('without Redis both keep working locally, log once, and catch up when it is back', async () => {
    const a = instance();
    const b = instance();
    await expect.poll(() => a.sync.connected && b.sync.connected).toBe(true);

    await redis.stop();
    await expect.poll(() => a.sync.connected || b.sync.connected).toBe(false);

    // Neither call throws nor waits on the missing server.
    const started = Date.now();
    expireLocally(a.manifest, 'article:2', 4_000);
    await a.sync.publish(['article:2']);
    await b.sync.refresh();
    await a.sync.refresh();
    expect(Date.now() - started).toBeLessThan(500);
    expect(b.manifest.has('article:2')).toBe(false);
    expect(a.logs.filter((l) => l.includes('unreachable'))).toHaveLength(1);

    // Back, empty (no persistence): what A published meanwhile reaches B.
    await redis.start();
    await expect.poll(() => a.sync.connected && b.sync.connected, { timeout: 10_000 }).toBe(true);
    await expect
      .poll(
        async () => {
          await b.sync.refresh();
          return b.manifest.get('article:2');
        },
        { timeout: 10_000 },
      )
      .toEqual({ expired: 4_000 });
    expect(a.logs.filter((l) => l.includes('reachable again'))).toHaveLength(1);
    expect(a.logs.filter((l) => l.includes('unreachable'))).toHaveLength(1);
  });

  it('a Redis that stops answering holds a request at most once, for the command timeout', async () => {
    const a = instance();
    const b = instance();
    await expect.poll(() => a.sync.connected && b.sync.connected).toBe(true);
    redis.pause();
    try {
      let t = Date.now();
      await a.sync.refresh();
      expect(Date.now() - t).toBeLessThan(1_500);
      expect(a.sync.connected).toBe(false);
      // From now on nothing waits for it.
      t = Date.now();
      expireLocally(a.manifest, 'article:3', 5_000);
      await a.sync.publish(['article:3']);
      await a.sync.refresh();
      expect(Date.now() - t).toBeLessThan(100);
    } finally {
      redis.resume();
    }
    // It answers again: A finds out by itself and sends what it expired meanwhile.
    await expect
      .poll(
        async () => {
          await a.sync.refresh();
          return a.sync.connected;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await expect
      .poll(
        async () => {
          await b.sync.refresh();
          return b.manifest.get('article:3');
        },
        { timeout: 10_000 },
      )
      .toEqual({ expired: 5_000 });
    expect(a.logs.filter((l) => l.includes('unreachable'))).toHaveLength(1);
  });
});
