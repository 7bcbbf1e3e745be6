/** A throwaway PostgreSQL server for tests (scripts/pg-cluster.mjs, shared with `npm run cluster`). */
import { spawnSync } from 'node:child_process';
import { createCluster, type Cluster } from '../../scripts/pg-cluster.mjs';

export { createCluster, type Cluster };

/** A throwaway Postgres server on `port`, started and seeded with the demo content (db/cli/seed.ts). */
export function seededCluster(port: number): Cluster {
  const cluster = createCluster(port);
  cluster.start();
  const seeded = spawnSync('node_modules/.bin/tsx', ['db/cli/seed.ts'], {
    env: { ...process.env, DATABASE_URL: cluster.url },
    encoding: 'utf8',
    timeout: 150_000,
  });
  if (seeded.status !== 0) {
    cluster.destroy();
    throw new Error(`seeding the throwaway cluster failed (${seeded.status}):\n${seeded.stdout}\n${seeded.stderr}`);
  }
  return cluster;
}
