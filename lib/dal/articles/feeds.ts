import 'server-only';
/** What the RSS/Atom feeds and the sitemap list: public articles, sections, tags and authors. */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db/client';
import { articleAuthors, articles, articleTags, categories, tags, users } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { isPublic } from '@/lib/dal/visibility';
import { cardsFor } from './cards';

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
