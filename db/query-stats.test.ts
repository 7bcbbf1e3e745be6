/**
 * The statement counters behind /api/health (DB_QUERY_STATS=1): the benchmark and the caching tests read
 * `queries` to prove a repeated anonymous request sends no SQL, so an instance's own timers (the publish
 * job, the notification flusher) must land in `background` instead, or they would show up as requests.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { asBackgroundWork, backgroundQueryCount, closeDatabase, getDb, queryCount } from './client';

afterAll(() => closeDatabase());

describe('SQL statement counters', () => {
  it('count a request-path statement as a query and a timer statement as background work, across awaits', async () => {
    const db = await getDb();
    const q0 = queryCount();
    const b0 = backgroundQueryCount();
    await db.execute(sql`select 1`);
    expect([queryCount() - q0, backgroundQueryCount() - b0]).toEqual([1, 0]);

    await asBackgroundWork(async () => {
      await db.execute(sql`select 1`);
      await new Promise((r) => setImmediate(r));
      await db.execute(sql`select 2`);
    });
    expect([queryCount() - q0, backgroundQueryCount() - b0]).toEqual([1, 2]);

    // A timer armed inside background work keeps counting as background when it fires.
    await asBackgroundWork(() => new Promise<void>((resolve) => setTimeout(() => void db.execute(sql`select 3`).then(() => resolve()), 0)));
    expect([queryCount() - q0, backgroundQueryCount() - b0]).toEqual([1, 3]);
  });
});
