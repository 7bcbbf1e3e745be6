import 'server-only';
/**
 * Public reads of articles: listings, the front page, one article by slug (or the redirect from an old
 * slug), related articles. Everything here is what every reader sees, so it is cached with tags and
 * invalidated by the newsroom's writes (lib/dal/admin/articles).
 *
 * Only status 'published' is public (isPublic, lib/dal/visibility.ts). None of these reads looks at the
 * clock, so a cache entry never depends on the time it was made: a scheduled article becomes 'published'
 * at its time through the publish job (lib/publishing.ts), which then dirties these tags on every instance.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, queryRows } from '@/db/client';
import { articleAuthors, articles, articleSlugRedirects, articleTags, categories, tags } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { isPublic } from '@/lib/dal/visibility';
import { cardsFor, type ArticleDetail } from './cards';

export const PER_PAGE = 12;

type ListFilter = { categoryId?: string; tagId?: string; authorId?: string };

/** One page of public articles, newest first. `page` is 1-based; callers 404 when page > pages. */
export async function listArticles(filter: ListFilter, page: number, perPage = PER_PAGE) {
  'use cache';
  cacheTag(TAGS.articles, TAGS.commentCounts);
  cacheLife('hours');
  const db = await getDb();
  const conds: SQL[] = [isPublic];
  if (filter.categoryId) conds.push(eq(articles.categoryId, filter.categoryId));
  if (filter.tagId)
    conds.push(
      sql`exists (select 1 from ${articleTags} where ${articleTags.articleId} = ${articles.id} and ${articleTags.tagId} = ${filter.tagId})`,
    );
  if (filter.authorId)
    conds.push(
      sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${filter.authorId})`,
    );
  const where = and(...conds);
  const total = await db.$count(articles, where);
  const idRows = await db
    .select({ id: articles.id })
    .from(articles)
    .where(where)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { items: await cardsFor(idRows.map((r) => r.id)), total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** Home page: the lead story, the latest, and a few stories per category. */
export async function getFrontPage() {
  'use cache';
  cacheTag(TAGS.articles, TAGS.taxonomy, TAGS.commentCounts);
  cacheLife('hours');
  const db = await getDb();
  const latestIds = await db
    .select({ id: articles.id })
    .from(articles)
    .where(isPublic)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(7);
  const latest = await cardsFor(latestIds.map((r) => r.id));
  const cats = await db
    .select({ id: categories.id, slug: categories.slug, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
  const sections = [];
  for (const c of cats) {
    const ids = await db
      .select({ id: articles.id })
      .from(articles)
      .where(and(isPublic, eq(articles.categoryId, c.id)))
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(4);
    if (ids.length) sections.push({ category: c, items: await cardsFor(ids.map((r) => r.id)) });
  }
  return { lead: latest[0] ?? null, latest: latest.slice(1), sections };
}

export type ArticleLookup = { kind: 'article'; article: ArticleDetail } | { kind: 'redirect'; slug: string } | null;

/** The public article at `slug`, a redirect for an old slug, or null. */
export async function getArticleBySlug(slug: string): Promise<ArticleLookup> {
  'use cache';
  cacheTag(TAGS.articles, TAGS.articleSlug(slug));
  cacheLife('hours');
  const db = await getDb();
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.slug, slug), isPublic))
    .limit(1);
  if (!row) {
    const [redirect] = await db
      .select({ slug: articles.slug })
      .from(articleSlugRedirects)
      .innerJoin(articles, eq(articles.id, articleSlugRedirects.articleId))
      .where(and(eq(articleSlugRedirects.oldSlug, slug), isPublic))
      .limit(1);
    return redirect ? { kind: 'redirect', slug: redirect.slug } : null;
  }
  cacheTag(TAGS.article(row.id));
  const [card] = await cardsFor([row.id]);
  const [full] = await db
    .select({
      body: articles.body,
      seoTitle: articles.seoTitle,
      seoDescription: articles.seoDescription,
      commentsOpen: articles.commentsOpen,
    })
    .from(articles)
    .where(eq(articles.id, row.id));
  const tagRows = await db
    .select({ slug: tags.slug, name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, row.id))
    .orderBy(asc(tags.name));
  return { kind: 'article', article: { ...card, ...full, tags: tagRows } };
}

/** Articles sharing the most tags with this one. */
export async function getRelatedArticles(articleId: string, limit = 4) {
  'use cache';
  cacheTag(TAGS.articles);
  cacheLife('hours');
  const db = await getDb();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    select ${articles.id} as id from ${articles}
    join ${articleTags} t on t.article_id = ${articles.id}
    where t.tag_id in (select tag_id from ${articleTags} where article_id = ${articleId})
      and ${articles.id} <> ${articleId}
      and ${isPublic}
    group by ${articles.id}, ${articles.publishedAt}
    order by count(*) desc, ${articles.publishedAt} desc
    limit ${limit}`,
  );
  return cardsFor(rows.map((r) => r.id));
}
