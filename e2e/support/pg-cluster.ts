/** A throwaway PostgreSQL server for tests (scripts/pg-cluster.mjs, shared with `npm run cluster`). */
export { createCluster, type Cluster } from '../../scripts/pg-cluster.mjs';
