/**
 * Old addresses after a move from WordPress: every link to the old site keeps working with a 301 to its new
 * page (proxy.ts asks here before routing). Imports store the addresses they know (legacy_redirects: each
 * post's permalink and `/?p=ID`, category, tag and author archives); WordPress's feed addresses and the
 * shapes of its archive addresses (nested categories, pages, feeds) map by rule. Only addresses shaped like
 * WordPress ones reach the database, so ordinary requests cost nothing.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { legacyRedirects } from '@/db/schema';

/** The site's WordPress feeds, by rule: `/feed`, `/feed/rss2`, `/feed/atom`, `/comments/feed`. */
export function feedTarget(path: string): string | null {
  if (path === '/feed' || path === '/feed/rss2' || path === '/feed/rss' || path === '/comments/feed') return '/feed.xml';
  if (path === '/feed/atom') return '/atom.xml';
  return null;
}

export type ArchiveAddress = { kind: 'category' | 'tag' | 'author'; slug: string; page: number; feed: 'rss' | 'atom' | null };

/**
 * A WordPress archive address: `/category/<parent>/…/<child>` (a nested category's address lists its
 * ancestors; WordPress slugs are unique, so the last one names it), `/tag/<slug>`, `/author/<name>`, each
 * with an optional `/page/<n>` and, for categories, `/feed` (`/feed/rss2`, `/feed/atom`), with or without a
 * trailing slash. Null for anything else, and for our own addresses (`/category/x`, `/category/x/page/2`,
 * `/category/x/feed.xml`: no trailing slash, no dot in a WordPress slug), which need no lookup.
 */
export function archiveAddress(pathname: string): ArchiveAddress | null {
  const path = pathname.replace(/\/+$/, '');
  const m =
    /^\/(category|tag|author)\/((?:(?!(?:page|feed)\/)[^/.]+\/)*?)([^/.]+)(?:\/page\/(\d{1,9}))?(\/feed(?:\/(?:rss2?|atom|rdf))?)?$/.exec(
      path,
    );
  if (!m) return null;
  const [, kind, parents, slug, page, feed] = m;
  // Only categories nest, and only they have feeds of their own here.
  if ((parents || feed) && kind !== 'category') return null;
  if (!parents && !feed && !pathname.endsWith('/')) return null;
  return {
    kind: kind as ArchiveAddress['kind'],
    slug,
    page: page ? Math.max(1, Number(page)) : 1,
    feed: feed ? (feed.endsWith('/atom') ? 'atom' : 'rss') : null,
  };
}

/** Our address for an archive, given where its own page now is (the import's redirect, or the same slug). */
export function archiveTarget(a: ArchiveAddress, base: string): string {
  if (a.feed) return `${base}/${a.feed === 'atom' ? 'atom.xml' : 'feed.xml'}`;
  return a.page > 1 ? `${base}/page/${a.page}` : base;
}

/** The stored key for a request: the path without trailing slash, or `/?p=ID` for WordPress's plain links. */
export function legacyKey(pathname: string, search: URLSearchParams): string | null {
  if (pathname === '/') {
    const id = search.get('p') ?? search.get('page_id');
    return id && /^\d{1,12}$/.test(id) ? `/?p=${id}` : null;
  }
  const path = pathname.replace(/\/+$/, '');
  // Date permalinks (/2026/11/slug, /2026/11/03/slug), archive pages with a trailing slash (/category/x/,
  // /some-slug/): WordPress's shapes. Our own pages never end in a slash nor start with a year.
  if (/^\/\d{4}\/\d{2}(?:\/\d{2})?\/[^/]+$/.test(path) || pathname.endsWith('/')) return path;
  return null;
}

/** Where an old address now lives, or null (then the request goes on as usual). */
export async function legacyRedirect(pathname: string, search: URLSearchParams): Promise<string | null> {
  const archive = archiveAddress(pathname);
  if (archive) {
    const own = `/${archive.kind}/${archive.slug}`;
    return archiveTarget(archive, (await storedTarget(own)) ?? own);
  }
  const key = legacyKey(pathname, search);
  if (!key) return null;
  return feedTarget(key) ?? (await storedTarget(key));
}

async function storedTarget(path: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ target: legacyRedirects.target }).from(legacyRedirects).where(eq(legacyRedirects.path, path)).limit(1);
  return row?.target ?? null;
}
