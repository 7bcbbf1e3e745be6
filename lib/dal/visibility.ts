import 'server-only';
/**
 * What the public may see, in one place (SQL conditions).
 * Articles (on `articles`):
 *   isPublic     status 'published'. Looks at no clock, so a cached read never depends on when it ran; the
 *                publish job turns a scheduled article into a published one at its time.
 *   isPublicNow  also a scheduled article whose time has passed though the job has not run yet: for
 *                uncached checks at the moment of a write (may a comment be posted here now?).
 * Comments (on `comments`, or an alias of it), always together with their article's rule:
 *   isListedComment   in a public thread: approved (held, spam and trash comments are the moderators'); a
 *                     deleted one is listed as a tombstone that keeps its replies, without author or text.
 *   isVisibleComment  one a reader may read on its own, vote on, report or reply to: listed and not deleted.
 *                     lib/dal/comments/visible.ts applies it, with isPublicNow, to every such write. The
 *                     author of a held comment sees it only in their own list (lib/dal/comments/viewer.ts).
 */
import { sql, type Column, type SQL } from 'drizzle-orm';
import { articles, comments } from '@/db/schema';
import { now } from '@/lib/clock';

type CommentColumns = { status: Column; deletedAt: Column };

export const isListedComment = (c: CommentColumns = comments): SQL => sql`${c.status} = 'approved'`;

export const isVisibleComment = (c: CommentColumns = comments): SQL => sql`(${c.status} = 'approved' and ${c.deletedAt} is null)`;

export const isPublic: SQL = sql`${articles.status} = 'published'`;

/**
 * Public at `at`, by the application's clock (lib/clock.ts), the one the editor stamps a publication with and
 * the publish job reads: never the database's now(), or an instance whose clock runs ahead of the database
 * (or a test that moved the clock) would publish an article nobody may comment on yet.
 */
export function isPublicNow(at: Date = now()): SQL {
  return sql`(${articles.status} in ('published', 'scheduled') and ${articles.publishedAt} <= ${at.toISOString()}::timestamptz)`;
}
