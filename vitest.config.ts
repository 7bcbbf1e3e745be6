import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run against a real database of their own per test file: an in-memory PGlite, or
// a database on the Postgres server in TEST_DATABASE_URL, each a copy of a template migrated once per run
// (vitest.global-setup.ts, lib/testing/template-db.ts). Files share nothing, so they run in parallel, with as
// many workers as the machine has cores (VITEST_WORKERS overrides).
const workers = Number(process.env.VITEST_WORKERS) || os.availableParallelism();

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'scripts/empty-module.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules', '.next*', 'e2e', '.data'],
    environment: 'node',
    globalSetup: ['./vitest.global-setup.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: workers,
    // Worker threads, not child processes: each file still gets a fresh module graph and database, without
    // booting a Node process for it (about a quarter less CPU for the whole run on two cores).
    pool: 'threads',
    // next-auth imports 'next/server' without an extension, which Node's ESM resolver refuses: let Vite resolve it.
    server: { deps: { inline: ['next-auth'] } },
  },
});
