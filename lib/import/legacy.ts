/**
 * Old addresses after a move from WordPress: every link to the old site keeps working with a 301 to its new
 * page (proxy.ts asks here before routing). Imports store the addresses they know (legacy_redirects: each
 * post's permalink and `/?p=ID`, category, tag and author archives); WordPress's feed addresses map by rule.
 * Only addresses shaped like WordPress ones reach the database, so ordinary requests cost nothing.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { legacyRedirects } from '@/db/schema';

/** WordPress feeds, by rule: `/feed`, `/feed/atom`, `/comments/feed`, `/category/x/feed`, `/tag/x/feed`. */
export function feedTarget(path: string): string | null {
  if (path === '/feed' || path === '/feed/rss2' || path === '/feed/rss' || path === '/comments/feed') return '/feed.xml';
  if (path === '/feed/atom') return '/atom.xml';
  const m = /^\/category\/([^/]+)\/feed(?:\/rss2)?$/.exec(path);
  if (m) return `/category/${m[1]}/feed.xml`;
  return null;
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
  const key = legacyKey(pathname, search);
  if (!key) return null;
  const byRule = feedTarget(key);
  if (byRule) return byRule;
  const db = await getDb();
  const [row] = await db.select({ target: legacyRedirects.target }).from(legacyRedirects).where(eq(legacyRedirects.path, key)).limit(1);
  return row?.target ?? null;
}
