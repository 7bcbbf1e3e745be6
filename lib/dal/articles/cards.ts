import 'server-only';
/**
 * What a public listing shows of an article (a card) and of the article page (its detail), and the one
 * query that builds cards for a list of ids, in that order.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articleAuthors, articles, categories, users } from '@/db/schema';

export type AuthorRef = { id: string; name: string; handle: string };
export type ArticleCard = {
  id: string;
  slug: string;
  title: string;
  dek: string;
  coverImage: string | null;
  coverAlt: string;
  publishedAt: Date;
  updatedAt: Date;
  readingMinutes: number;
  commentCount: number;
  category: { slug: string; name: string } | null;
  authors: AuthorRef[];
};

export type ArticleDetail = ArticleCard & {
  body: string;
  seoTitle: string | null;
  seoDescription: string | null;
  commentsOpen: boolean;
  tags: { slug: string; name: string }[];
};

export async function cardsFor(ids: string[]): Promise<ArticleCard[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      dek: articles.dek,
      coverImage: articles.coverImage,
      coverAlt: articles.coverAlt,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      readingMinutes: articles.readingMinutes,
      commentCount: articles.commentCount,
      categorySlug: categories.slug,
      categoryName: categories.name,
    })
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(inArray(articles.id, ids));
  const authorRows = await db
    .select({
      articleId: articleAuthors.articleId,
      id: users.id,
      name: users.name,
      handle: users.handle,
      position: articleAuthors.position,
    })
    .from(articleAuthors)
    .innerJoin(users, eq(users.id, articleAuthors.userId))
    .where(inArray(articleAuthors.articleId, ids))
    .orderBy(asc(articleAuthors.position));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        slug: r.slug,
        title: r.title,
        dek: r.dek,
        coverImage: r.coverImage,
        coverAlt: r.coverAlt,
        publishedAt: r.publishedAt!,
        updatedAt: r.updatedAt,
        readingMinutes: r.readingMinutes,
        commentCount: r.commentCount,
        category: r.categorySlug ? { slug: r.categorySlug, name: r.categoryName! } : null,
        authors: authorRows.filter((a) => a.articleId === id).map((a) => ({ id: a.id, name: a.name ?? a.handle, handle: a.handle })),
      },
    ];
  });
}
