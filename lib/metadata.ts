import type { Metadata } from 'next';
import { connection } from 'next/server';

/**
 * Metadata resolved when the request is served, for pages that are otherwise static (prerendered at
 * `next build`): the root layout's SITE_URL-based links (metadataBase, feed alternates) then carry the
 * address the server runs under, not the one the build had. Cached public pages don't need it: they are
 * rendered at their first request, under the running server's environment. A page whose body is static
 * besides must also render <RequestTime /> (components/site/request-time.tsx).
 */
export async function requestTimeMetadata(metadata: Metadata): Promise<Metadata> {
  await connection();
  return metadata;
}

/**
 * The site's feeds, for `alternates.types` (feed autodiscovery). Next replaces a parent's `alternates` with a
 * page's own, so every page that sets a canonical URL repeats these.
 */
export const SITE_FEEDS = { 'application/rss+xml': '/feed.xml', 'application/atom+xml': '/atom.xml' } as const;
