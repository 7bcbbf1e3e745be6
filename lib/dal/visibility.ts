import 'server-only';
/**
 * Which articles the public may see, in one place (SQL conditions on `articles`).
 *   isPublic     status 'published'. Looks at no clock, so a cached read never depends on when it ran; the
 *                publish job turns a scheduled article into a published one at its time.
 *   isPublicNow  also a scheduled article whose time has passed though the job has not run yet: for
 *                uncached checks at the moment of a write (may a comment be posted here now?).
 */
import { sql, type SQL } from 'drizzle-orm';
import { articles } from '@/db/schema';
import { now } from '@/lib/clock';

export const isPublic: SQL = sql`${articles.status} = 'published'`;

/**
 * Public at `at`, by the application's clock (lib/clock.ts), the one the editor stamps a publication with and
 * the publish job reads: never the database's now(), or an instance whose clock runs ahead of the database
 * (or a test that moved the clock) would publish an article nobody may comment on yet.
 */
export function isPublicNow(at: Date = now()): SQL {
  return sql`(${articles.status} in ('published', 'scheduled') and ${articles.publishedAt} <= ${at.toISOString()}::timestamptz)`;
}
