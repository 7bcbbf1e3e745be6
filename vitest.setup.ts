// Each test file gets its own database: a fresh in-memory PGlite, or the shared server in TEST_DATABASE_URL.
if (process.env.TEST_DATABASE_URL) {
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = 'memory://';
}
(process.env as Record<string, string>).NODE_ENV = 'test';
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret';
