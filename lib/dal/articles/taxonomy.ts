import 'server-only';
/** Public lookups of sections, tags and authors (cached, tagged with the taxonomy or the authors). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db/client';
import { articleAuthors, articles, categories, tags, users } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { isPublic } from '@/lib/dal/visibility';

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
