import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run against a real database: an in-memory PGlite per test file by default,
// or the Postgres server in TEST_DATABASE_URL (then files run one at a time: they share that database).
const server = process.env.TEST_DATABASE_URL;

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
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: !server,
    pool: 'forks',
    // next-auth imports 'next/server' without an extension; inlined, Vite resolves it.
    server: { deps: { inline: ['next-auth'] } },
  },
});
