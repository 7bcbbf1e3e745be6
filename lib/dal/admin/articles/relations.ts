import 'server-only';
/**
 * What a save resolves besides the text: the slug (unique; an old one keeps redirecting), the tags (only
 * editors create new ones) and the byline (only editors change it), and their rows once the article is saved.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articleAuthors, articles, articleSlugRedirects, articleTags, tags, users } from '@/db/schema';
import type { Viewer } from '@/lib/dal/session';
import type { ArticleForm } from '@/lib/validation/admin';
import { has } from '../guard';
import { slugify } from '../text';
import { fieldError } from './access';
import type { Existing } from './publication';

export async function resolveSlug(tx: Tx, input: ArticleForm, existing: Existing | null): Promise<string> {
  if (input.slug) {
    const [taken] = await tx
      .select({ id: articles.id, title: articles.title })
      .from(articles)
      .where(and(eq(articles.slug, input.slug), existing ? sql`${articles.id} <> ${existing.id}` : undefined))
      .limit(1);
    if (taken) throw fieldError('slug', `The slug "${input.slug}" is already used by “${taken.title}”. Choose another.`);
    return input.slug;
  }
  if (existing) return existing.slug;
  const base = slugify(input.title) || 'article';
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const [taken] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, candidate)).limit(1);
    if (!taken) return candidate;
  }
  throw fieldError('slug', 'Choose a slug: the generated ones are all taken.');
}

function parseTagNames(raw: string): { name: string; slug: string }[] {
  const seen = new Map<string, string>();
  for (const part of raw.split(',')) {
    const name = part.trim().replace(/\s+/g, ' ').slice(0, 50);
    const slug = slugify(name, 50);
    if (slug && !seen.has(slug)) seen.set(slug, name);
  }
  if (seen.size > 20) throw fieldError('tags', 'Use at most 20 tags.');
  return [...seen].map(([slug, name]) => ({ slug, name }));
}

export async function resolveTags(tx: Tx, viewer: Viewer, raw: string): Promise<{ ids: string[]; created: boolean }> {
  const wanted = parseTagNames(raw);
  if (wanted.length === 0) return { ids: [], created: false };
  const found = await tx
    .select({ id: tags.id, slug: tags.slug })
    .from(tags)
    .where(
      inArray(
        tags.slug,
        wanted.map((t) => t.slug),
      ),
    );
  const missing = wanted.filter((t) => !found.some((f) => f.slug === t.slug));
  if (missing.length && !has(viewer, 'taxonomy:manage')) {
    throw fieldError(
      'tags',
      `Only editors can create new tags (${missing.map((t) => t.name).join(', ')}). Use existing tags or ask an editor.`,
    );
  }
  if (missing.length) {
    await tx.insert(tags).values(missing).onConflictDoNothing();
  }
  const all = await tx
    .select({ id: tags.id, slug: tags.slug })
    .from(tags)
    .where(
      inArray(
        tags.slug,
        wanted.map((t) => t.slug),
      ),
    );
  return { ids: wanted.map((w) => all.find((a) => a.slug === w.slug)!.id), created: missing.length > 0 };
}

export async function resolveAuthors(tx: Tx, viewer: Viewer, input: ArticleForm, existing: Existing | null): Promise<string[]> {
  const ids = [...new Set(input.authorIds)];
  // Authors cannot change the byline; an editor who leaves it empty keeps the current one.
  if (!has(viewer, 'articles:edit-any') || ids.length === 0) {
    if (!existing) return [viewer.id];
    const rows = await tx
      .select({ userId: articleAuthors.userId })
      .from(articleAuthors)
      .where(eq(articleAuthors.articleId, existing.id))
      .orderBy(asc(articleAuthors.position));
    return rows.length ? rows.map((r) => r.userId) : [viewer.id];
  }
  const valid = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), inArray(users.role, ['author', 'editor', 'admin']), sql`${users.deletedAt} is null`));
  if (valid.length !== ids.length) throw fieldError('authorIds', 'Choose authors from the newsroom staff.');
  return ids;
}

export async function claimSlug(tx: Tx, articleId: string, oldSlug: string | null, newSlug: string) {
  // The slug now belongs to this article: drop any redirect that would shadow it, and keep the old one.
  await tx.delete(articleSlugRedirects).where(eq(articleSlugRedirects.oldSlug, newSlug));
  if (oldSlug && oldSlug !== newSlug) {
    await tx
      .insert(articleSlugRedirects)
      .values({ oldSlug, articleId })
      .onConflictDoUpdate({ target: articleSlugRedirects.oldSlug, set: { articleId, createdAt: new Date() } });
  }
}

/** Replaces the article's tags and byline. */
export async function writeTagsAndAuthors(tx: Tx, articleId: string, tagIds: string[], authorIds: string[]) {
  await tx.delete(articleTags).where(eq(articleTags.articleId, articleId));
  if (tagIds.length) await tx.insert(articleTags).values(tagIds.map((tagId) => ({ articleId, tagId })));
  await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId));
  await tx.insert(articleAuthors).values(authorIds.map((userId, position) => ({ articleId, userId, position })));
}
