// Each test file gets its own database, a copy of the migrated template (vitest.global-setup.ts): an in-memory
// PGlite opened from the template's dump, or a database of its own on the server in TEST_DATABASE_URL.
import { afterAll, inject } from 'vitest';
import { closeDatabase } from '@/db/client';
import { settleBackground } from '@/lib/mail/background';
import { copyServerTemplate } from '@/lib/testing/template-db';

(process.env as Record<string, string>).NODE_ENV = 'test';
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret';

if (process.env.TEST_DATABASE_URL) {
  const copy = await copyServerTemplate(process.env.TEST_DATABASE_URL);
  process.env.DATABASE_URL = copy.url;
  afterAll(async () => {
    // Mail and other after-the-answer work a test started finishes on this file's database, before it goes.
    await settleBackground();
    await closeDatabase();
    await copy.drop();
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = 'memory://';
  process.env.PGLITE_TEMPLATE = inject('pgliteTemplate');
}
