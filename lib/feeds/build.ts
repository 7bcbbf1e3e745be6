import 'server-only';
import { Feed } from 'feed';
import { getCategoryBySlug, listFeedItems } from '@/lib/dal/articles';
import { env, siteOrigin } from '@/lib/env';
import { TAGS } from '@/lib/cache-tags';
import { edgeHeaders } from '@/lib/cache-handlers/edge-keys.mjs';

/** What a feed is built from (the tags of the reads in feedXml), for the cache in front to purge it by. */
const FEED_TAGS = [TAGS.articles, TAGS.taxonomy, TAGS.authors];

/** RSS 2.0 / Atom 1.0 of the latest public articles, site-wide or for one category (null if no such category). */
export async function buildFeed(format: 'rss' | 'atom', categorySlug?: string): Promise<Response | null> {
  const body = await feedXml(format, categorySlug);
  if (body === null) return null;
  return new Response(body, {
    headers: {
      'content-type': format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
      // The same for every reader: shared caches may keep it for a minute and serve it stale while they refetch.
      'cache-control': 'public, max-age=60, s-maxage=60, stale-while-revalidate=3600',
      // Its tags as keys, and with a purge configured a long edge lifetime (docs/edge.md).
      ...edgeHeaders(FEED_TAGS),
    },
  });
}

/**
 * The feed's XML, cached: a repeated request is one cache read, no query and no serialization. The lifetime
 * and tags come from the reads inside (no cacheLife here: it follows the reads inside); a publish or an edit invalidates it.
 */
async function feedXml(format: 'rss' | 'atom', categorySlug?: string): Promise<string | null> {
  'use cache';
  const site = siteOrigin();
  const name = env().SITE_NAME;
  const category = categorySlug ? await getCategoryBySlug(categorySlug) : null;
  if (categorySlug && !category) return null;
  const base = category ? `${site}/category/${category.slug}` : site;
  const items = await listFeedItems(category?.slug);
  const feed = new Feed({
    title: category ? `${name}: ${category.name}` : name,
    description: category?.description || 'Independent journalism, funded by readers.',
    id: base + '/',
    link: base + '/',
    language: 'en',
    copyright: `© ${name}`,
    updated: items[0]?.publishedAt ?? new Date(0),
    feedLinks: { rss: `${base}/feed.xml`, atom: `${base}/atom.xml` },
  });
  for (const a of items) {
    const url = `${site}/article/${a.slug}`;
    feed.addItem({
      title: a.title,
      id: url,
      link: url,
      description: a.dek,
      content: a.body,
      date: a.updatedAt,
      published: a.publishedAt,
      author: a.authors.map((x) => ({ name: x.name, link: `${site}/author/${x.handle}` })),
      category: a.category ? [{ name: a.category.name, domain: `${site}/category/${a.category.slug}` }] : [],
      image: a.coverImage ? `${site}${a.coverImage}` : undefined,
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
