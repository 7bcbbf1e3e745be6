/**
 * Writing an imported article, whatever system it comes from (WordPress, Ghost): created once, updated when
 * its source changed (import_map's checksum), with its byline, tags and the 301s from its old addresses.
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articleAuthors, articles, articleTags, legacyRedirects } from '@/db/schema';
import { readingMinutes, slugify } from '@/lib/dal/admin/text';
import { checksum, mappedId, rememberId } from './comments';

export type ImportedArticle = {
  source: string;
  externalId: string;
  /** The slug the old site used (kept when free here), or '' to derive one from the title. */
  slug: string;
  title: string;
  dek: string;
  /** Sanitized article HTML (the editor's format). */
  html: string;
  coverImage: string | null;
  coverAlt: string;
  status: 'published' | 'scheduled' | 'draft';
  publishedAt: Date | null;
  categoryId: string | null;
  authorIds: string[];
  tagIds: string[];
  /** Old paths (`/2026/11/slug`, `/?p=12`, `/slug`) that answer a 301 to the article. */
  oldPaths: string[];
};

export async function legacyRedirectTo(tx: DbOrTx, source: string, from: string, target: string): Promise<void> {
  if (!from || from === target) return;
  await tx
    .insert(legacyRedirects)
    .values({ path: from, target, source })
    .onConflictDoUpdate({ target: legacyRedirects.path, set: { target } });
}

export async function upsertArticle(tx: DbOrTx, a: ImportedArticle): Promise<{ id: string; outcome: 'created' | 'updated' | 'unchanged' }> {
  const sum = checksum(a);
  const known = await mappedId(tx, a.source, 'post', a.externalId);
  const values = {
    title: a.title.trim(),
    dek: a.dek
      .replace(/<[^>]+>/g, '')
      .trim()
      .slice(0, 300),
    body: a.html,
    bodySource: a.html,
    coverImage: a.coverImage,
    coverAlt: a.coverAlt,
    status: a.status,
    publishedAt: a.publishedAt,
    categoryId: a.categoryId,
    readingMinutes: readingMinutes(a.html),
    updatedAt: new Date(),
  };
  let id: string;
  let outcome: 'created' | 'updated';
  if (known) {
    if (known.checksum === sum) return { id: known.localId, outcome: 'unchanged' };
    id = known.localId;
    await tx.update(articles).set(values).where(eq(articles.id, id));
    outcome = 'updated';
  } else {
    const base = slugify(a.slug ? decodeURIComponent(a.slug) : a.title) || `post-${slugify(a.externalId) || 'imported'}`;
    let slug = base;
    for (let n = 2; (await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).limit(1)).length; n++)
      slug = `${base}-${n}`;
    [{ id }] = await tx
      .insert(articles)
      .values({ slug, createdAt: a.publishedAt ?? new Date(), ...values })
      .returning({ id: articles.id });
    outcome = 'created';
  }
  // Byline and tags, as the source has them now.
  await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, id));
  for (const [position, userId] of [...new Set(a.authorIds)].entries())
    await tx.insert(articleAuthors).values({ articleId: id, userId, position });
  await tx.delete(articleTags).where(eq(articleTags.articleId, id));
  for (const tagId of new Set(a.tagIds)) await tx.insert(articleTags).values({ articleId: id, tagId }).onConflictDoNothing();
  const [{ slug: finalSlug }] = await tx.select({ slug: articles.slug }).from(articles).where(eq(articles.id, id));
  for (const from of a.oldPaths) await legacyRedirectTo(tx, a.source, from, `/article/${finalSlug}`);
  await rememberId(tx, a.source, 'post', a.externalId, id, sum);
  return { id, outcome };
}
