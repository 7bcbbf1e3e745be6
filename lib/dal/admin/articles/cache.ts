/**
 * The cache tags an article write dirties (lib/cache-tags.ts): listings, feeds and search (articles), the
 * article's own page, author pages (a byline or a public article count may change), the lookup by slug
 * at its current address and, when the slug changed, at the old one (now a redirect), and the taxonomy
 * when a save created tags.
 */
import { TAGS } from '@/lib/cache-tags';

export function articleWriteTags(a: { id: string; slug: string }, opts: { oldSlug?: string | null; createdTags?: boolean } = {}): string[] {
  const tags = [TAGS.articles, TAGS.article(a.id), TAGS.authors, TAGS.articleSlug(a.slug)];
  if (opts.oldSlug && opts.oldSlug !== a.slug) tags.push(TAGS.articleSlug(opts.oldSlug));
  if (opts.createdTags) tags.push(TAGS.taxonomy);
  return tags;
}
