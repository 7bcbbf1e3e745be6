import { sql } from 'drizzle-orm';
import { connection } from 'next/server';
import { backgroundQueryCount, getDb, noteDatabaseError, noteDatabaseOk, queryCount, RETRY_AFTER_SECONDS } from '@/db/client';
import { cacheSizes } from '@/lib/cache-handlers/limits.mjs';
import { invalidationCounts } from '@/lib/cache-invalidate';
import { cacheSharing } from '@/lib/cache-sharing';
import { liveStats } from '@/lib/comments/live';

/**
 * Liveness for load balancers: 200 when the database answers. With DB_QUERY_STATS=1 (benchmarks, e2e)
 * it also reports how many SQL statements this instance has sent while serving requests (`queries`, so
 * caching can be measured) and from its own timers (`background`: the publish job, the notification flusher),
 * and how many invalidations went through a server action, a route handler or straight to the cache handlers
 * (`invalidations`, lib/cache-invalidate.ts), where this process's memory is (`memory`, MB: the bench), and the
 * live-comments hub's counters (`live`: open streams, events heard and read, frames sent, streams ended).
 * `cache` says whether cache invalidations are shared with the other instances (REDIS_URL); Redis being away
 * is not an outage (the instance serves from its own cache), so it never turns the answer into a 503.
 */
export async function GET() {
  await connection();
  const queries = queryCount();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    noteDatabaseOk();
    return Response.json({
      ok: true,
      cache: cacheSharing(),
      ...(process.env.DB_QUERY_STATS === '1'
        ? { queries, background: backgroundQueryCount(), invalidations: invalidationCounts(), memory: memoryMB(), live: liveStats() }
        : {}),
    });
  } catch (err) {
    noteDatabaseError(err);
    return Response.json(
      { ok: false },
      { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' } },
    );
  }
}

function memoryMB() {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  return {
    rss: mb(m.rss),
    heapUsed: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    // What the page and 'use cache' stores hold, as their LRUs count it (lib/cache-handlers/limits.mjs).
    ...Object.fromEntries(Object.entries(cacheSizes()).map(([name, s]) => [`${name}Cache`, mb(s.bytes)])),
  };
}
