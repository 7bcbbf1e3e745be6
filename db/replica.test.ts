/**
 * DATABASE_REPLICA_URL against a real primary and a real streaming-replication hot standby (throwaway servers
 * on free ports): plain reads go to the standby, writes to the primary, and a read right after a write sees
 * it. Without a synchronous standby the replica is not used at all.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createCluster, type Cluster } from '../e2e/support/pg-cluster';
import { freePort } from '../scripts/redis-server.mjs';
import { openDatabase, type Database } from './client';
import { categories } from './schema';

let primary: Cluster;
let standby: Cluster;
const opened: Database[] = [];
const clusters: Cluster[] = [];

beforeAll(async () => {
  // The standby's walreceiver connects as application_name "walreceiver": the primary waits for it on commit.
  primary = createCluster(await freePort(), { settings: { synchronous_standby_names: 'walreceiver' } });
  primary.start();
  standby = createCluster(await freePort(), { standbyOf: primary });
  standby.start();
});

afterAll(async () => {
  await Promise.all(opened.map((d) => d.close()));
  for (const c of [...clusters, standby, primary]) c?.destroy();
});

const onReplica = (d: Database) =>
  d.db
    .select({ standby: sql<boolean>`pg_is_in_recovery()` })
    .from(categories)
    .limit(1)
    .then((rows) => rows[0]?.standby);

describe('a read replica', () => {
  it('takes plain reads; writes go to the primary and are readable at once', async () => {
    const d = await openDatabase({ url: primary.url, replicaUrl: standby.url });
    opened.push(d);
    for (let i = 0; i < 20; i++) {
      const slug = `replica-${i}-${Date.now().toString(36)}`;
      await d.db.insert(categories).values({ slug, name: `Replica ${i}` });
      const [row] = await d.db.select().from(categories).where(eq(categories.slug, slug));
      expect(row?.name, `write ${i} read back`).toBe(`Replica ${i}`);
    }
    expect(await onReplica(d)).toBe(true);
    // A transaction (reads included) runs on the primary.
    const inTx = await d.db.transaction((tx) =>
      tx
        .select({ standby: sql<boolean>`pg_is_in_recovery()` })
        .from(categories)
        .limit(1),
    );
    expect(inTx[0]?.standby).toBe(false);
  });

  it('is not used, with one line saying why, when the primary has no synchronous standby', async () => {
    // Another primary, without synchronous_standby_names, given the same replica address.
    const lone = createCluster(await freePort());
    lone.start();
    clusters.push(lone);
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const d = await openDatabase({ url: lone.url, replicaUrl: standby.url });
      opened.push(d);
      await d.db.insert(categories).values({ slug: 'lone', name: 'Lone' });
      expect(await onReplica(d)).toBe(false);
      expect(log.mock.calls.filter(([l]) => String(l).includes('DATABASE_REPLICA_URL is not used'))).toHaveLength(1);
    } finally {
      log.mockRestore();
    }
  });

  it('when the replica goes away, reads go to the primary', async () => {
    const d = opened[0];
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      standby.stop('immediate');
      await expect.poll(() => onReplica(d), { timeout: 15_000 }).toBe(false);
      expect(log.mock.calls.filter(([l]) => String(l).includes('replica unreachable'))).toHaveLength(1);
    } finally {
      log.mockRestore();
    }
  });
});
