import 'server-only';
/**
 * Who may open an article in the editor: its creator and bylined authors, or anyone with
 * 'articles:edit-any' (editors, admins). Also the field-error shape the article writes share.
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { articleAuthors, articles } from '@/db/schema';
import type { Viewer } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import { has } from '../guard';

export function fieldError(field: string, message: string): UserError {
  return new UserError(message, 400, { [field]: [message] });
}

/** The viewer created the article or is on its byline. */
export function ownArticleCondition(viewerId: string): SQL {
  return or(
    eq(articles.createdBy, viewerId),
    sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${viewerId})`,
  )!;
}

async function isOwn(db: Tx | Awaited<ReturnType<typeof getDb>>, viewerId: string, articleId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.id, articleId), ownArticleCondition(viewerId)))
    .limit(1);
  return !!row;
}

/** Throws unless the viewer may open this article in the editor. */
export async function assertCanOpen(viewer: Viewer, articleId: string) {
  const db = await getDb();
  const [row] = await db.select({ id: articles.id, status: articles.status }).from(articles).where(eq(articles.id, articleId)).limit(1);
  if (!row) throw new NotFoundError('That article does not exist.');
  if (!has(viewer, 'articles:edit-any') && !(await isOwn(db, viewer.id, articleId))) {
    throw new ForbiddenError('You can only open your own articles.');
  }
  return row;
}
