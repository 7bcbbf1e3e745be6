import 'server-only';
/**
 * Public reads of articles, categories, tags and authors. Everything here is what every reader sees,
 * so it is cached with tags and invalidated by the writes in the newsroom's DAL.
 *
 * "Public" means status 'published'. None of these reads looks at the clock, so a cache entry never
 * depends on the time it was made: a scheduled article becomes 'published' at its time through the publish
 * job (lib/publishing.ts), which then expires these tags on every instance.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, queryRows } from '@/db/client';
import { articleAuthors, articles, articleSlugRedirects, articleTags, categories, tags, users } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';

export const PER_PAGE = 12;

export const isPublic: SQL = sql`${articles.status} = 'published'`;

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

/**
 * Sections for the site header. During `next build` the database is an empty in-memory one, so this
 * read is made a request-time hole there instead of baking an empty menu into static pages.
 */
export async function listCategories() {
  'use cache';
  cacheTag(TAGS.taxonomy);
  if (process.env.NEXT_PHASE === 'phase-production-build') cacheLife({ stale: 0, revalidate: 0, expire: 0 });
  else cacheLife('hours');
  const db = await getDb();
  return db
    .select({ id: categories.id, slug: categories.slug, name: categories.name, description: categories.description })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
}

export async function getCategoryBySlug(slug: string) {
  'use cache';
  cacheTag(TAGS.taxonomy);
  cacheLife('hours');
  const db = await getDb();
  const [row] = await db.select().from(categories).where(eq(categories.slug, slug)).limit(1);
  return row ?? null;
}

export async function getTagBySlug(slug: string) {
  'use cache';
  cacheTag(TAGS.taxonomy);
  cacheLife('hours');
  const db = await getDb();
  const [row] = await db.select().from(tags).where(eq(tags.slug, slug)).limit(1);
  return row ?? null;
}

/** An author is a user with at least one public article. */
export async function getAuthorByHandle(handle: string) {
  'use cache';
  cacheTag(TAGS.authors, TAGS.articles);
  cacheLife('hours');
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, name: users.name, handle: users.handle, bio: users.bio, image: users.image })
    .from(users)
    .where(and(sql`lower(${users.handle}) = lower(${handle})`, sql`${users.deletedAt} is null`))
    .limit(1);
  if (!row) return null;
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(articleAuthors)
    .innerJoin(articles, eq(articles.id, articleAuthors.articleId))
    .where(and(eq(articleAuthors.userId, row.id), isPublic));
  return n > 0 ? { ...row, name: row.name ?? row.handle, articleCount: n } : null;
}

type ListFilter = { categoryId?: string; tagId?: string; authorId?: string };

async function cardsFor(ids: string[]): Promise<ArticleCard[]> {
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
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(articles)
    .where(where);
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
    select a.id from ${articles} a
    join ${articleTags} t on t.article_id = a.id
    where t.tag_id in (select tag_id from ${articleTags} where article_id = ${articleId})
      and a.id <> ${articleId}
      and a.status = 'published'
    group by a.id, a.published_at
    order by count(*) desc, a.published_at desc
    limit ${limit}`,
  );
  return cardsFor(rows.map((r) => r.id));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** ts_headline output (body text with entities, marks as \x01..\x02) -> safe HTML with <mark>. */
export function highlightSnippet(raw: string): string {
  const text = raw.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]);
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.replace(/\x01/g, '<mark>').replace(/\x02/g, '</mark>');
}

const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';

export type SearchHit = ArticleCard & { snippet: string; rank: number };

/**
 * Full-text search over title (weight A), dek (B) and body (C) with websearch syntax
 * ("quoted phrases", -exclusions, or). Any input is safe: it is passed as a bound parameter.
 */
export async function searchArticles(query: string, page: number, perPage = 10) {
  'use cache';
  cacheTag(TAGS.articles);
  cacheLife('minutes');
  const q = query.slice(0, 200);
  const db = await getDb();
  const tsq = sql`websearch_to_tsquery('english', ${q})`;
  const where = and(isPublic, sql`${articles.search} @@ ${tsq}`);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(articles)
    .where(where);
  const rows = await db
    .select({
      id: articles.id,
      rank: sql<number>`ts_rank_cd(${articles.search}, ${tsq})`,
      snippet: sql<string>`ts_headline('english', ${articles.dek} || ' ' || regexp_replace(${articles.body}, '<[^>]+>', ' ', 'g'), ${tsq}, ${HEADLINE_OPTIONS})`,
    })
    .from(articles)
    .where(where)
    .orderBy(sql`2 desc`, desc(articles.publishedAt))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const cards = await cardsFor(rows.map((r) => r.id));
  const hits: SearchHit[] = cards.map((c, i) => ({ ...c, snippet: highlightSnippet(rows[i].snippet), rank: rows[i].rank }));
  return { hits, total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** Latest public articles with bodies, for RSS/Atom. */
export async function listFeedItems(categorySlug?: string, limit = 30) {
  'use cache';
  cacheTag(TAGS.articles, TAGS.taxonomy);
  cacheLife('hours');
  const db = await getDb();
  const conds: SQL[] = [isPublic];
  if (categorySlug) conds.push(sql`${articles.categoryId} = (select id from ${categories} where slug = ${categorySlug})`);
  const ids = await db
    .select({ id: articles.id, body: articles.body })
    .from(articles)
    .where(and(...conds))
    .orderBy(desc(articles.publishedAt))
    .limit(limit);
  const cards = await cardsFor(ids.map((r) => r.id));
  return cards.map((c, i) => ({ ...c, body: ids[i].body }));
}

export async function listSitemapEntries() {
  'use cache';
  cacheTag(TAGS.articles, TAGS.taxonomy, TAGS.authors);
  cacheLife('hours');
  const db = await getDb();
  const arts = await db
    .select({ slug: articles.slug, updatedAt: articles.updatedAt })
    .from(articles)
    .where(isPublic)
    .orderBy(desc(articles.publishedAt));
  const cats = await db.select({ slug: categories.slug }).from(categories);
  const tagRows = await db
    .select({ slug: tags.slug })
    .from(tags)
    .where(
      sql`exists (select 1 from ${articleTags} at join ${articles} on ${articles.id} = at.article_id where at.tag_id = ${tags.id} and ${isPublic})`,
    );
  const authorRows = await db
    .selectDistinct({ handle: users.handle })
    .from(users)
    .innerJoin(articleAuthors, eq(articleAuthors.userId, users.id))
    .innerJoin(articles, eq(articles.id, articleAuthors.articleId))
    .where(isPublic);
  return { articles: arts, categories: cats, tags: tagRows, authors: authorRows };
}
