/**
 * PGlite's buffer pool lives in the app's own process and is resident from the start: it is kept small
 * (PGLITE_SHARED_BUFFERS, default 32MB) rather than Postgres's 128MB. Runs on PGlite whatever TEST_DATABASE_URL says.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, pgliteSharedBuffers, queryRows } from './client';

describe("PGlite's buffer pool", () => {
  it('is 32MB unless PGLITE_SHARED_BUFFERS says otherwise', async () => {
    const database = await openDatabase({ pgliteDir: 'memory://', migrate: false });
    try {
      expect(await queryRows(database.db, sql`show shared_buffers`)).toEqual([{ shared_buffers: '32MB' }]);
    } finally {
      await database.close();
    }
  });

  it('refuses a size Postgres would not read as one', () => {
    expect(pgliteSharedBuffers('64MB')).toBe('64MB');
    expect(() => pgliteSharedBuffers('64')).toThrow(/PGLITE_SHARED_BUFFERS must be a size like 32MB/);
    expect(() => pgliteSharedBuffers('32MB\nfsync = off')).toThrow(/PGLITE_SHARED_BUFFERS/);
  });
});
