import 'server-only';
/**
 * The comment a reader acts on (votes on, reports, replies to): visible to readers (isVisibleComment) on an
 * article public now (isPublicNow), both from lib/dal/visibility.ts. Anything else, a missing id included,
 * answers the same "not available": no way to learn whether a held, deleted or unpublished comment exists.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articles, comments } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { isPublicNow, isVisibleComment } from '@/lib/dal/visibility';

export const COMMENT_UNAVAILABLE = 'That comment is not available.';

/** The comment, or NotFoundError(`unavailable`); `lock` holds its row until the transaction ends. */
export async function requireVisibleComment(db: DbOrTx, id: number, opts: { lock?: boolean; unavailable?: string } = {}) {
  const query = db
    .select({ id: comments.id, authorId: comments.authorId, articleId: comments.articleId, depth: comments.depth, rootId: comments.rootId })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(eq(comments.id, id), isVisibleComment(), isPublicNow()))
    .limit(1);
  const [c] = opts.lock ? await query.for('update', { of: comments }) : await query;
  if (!c) throw new NotFoundError(opts.unavailable ?? COMMENT_UNAVAILABLE);
  return c;
}
