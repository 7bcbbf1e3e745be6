import 'server-only';
/** The article a comment is written on: public now (a scheduled one whose time has come counts), by id. */
import { and, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { articles } from '@/db/schema';
import { isPublicNow } from '@/lib/dal/visibility';

export async function findCommentableArticle(db: DbOrTx, articleId: string) {
  const [a] = await db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, commentsOpen: articles.commentsOpen, body: articles.body })
    .from(articles)
    .where(and(eq(articles.id, articleId), isPublicNow()))
    .limit(1);
  return a ?? null;
}

/** Slug and comment state of a public article, by id (for actions and the live stream). */
export async function getArticleForComments(articleId: string) {
  return findCommentableArticle(await getDb(), articleId);
}
