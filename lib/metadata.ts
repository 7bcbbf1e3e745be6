import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Parser } from 'htmlparser2';
import { env } from '@/lib/env';

/**
 * A page's metadata with the site's Open Graph fields. Next replaces the layout's `openGraph` whole with a
 * page's own (nested objects are not merged), which lost og:site_name on articles: every generateMetadata,
 * and the root layout, returns its metadata through this, so og:site_name is always there and
 * og:title/og:description default to the page's title and description.
 */
export function pageMetadata(metadata: Metadata): Metadata {
  const title = typeof metadata.title === 'string' ? metadata.title : undefined;
  const description = metadata.description || undefined;
  const openGraph = { type: 'website', title, description, ...metadata.openGraph, siteName: env().SITE_NAME } as NonNullable<
    Metadata['openGraph']
  >;
  return { ...metadata, openGraph };
}

/**
 * Metadata resolved when the request is served, for pages that are otherwise static (prerendered at
 * `next build`): the root layout's SITE_URL-based links (metadataBase, feed alternates) then carry the
 * address the server runs under, not the one the build had. Cached public pages don't need it: they are
 * rendered at their first request, under the running server's environment. A page whose body is static
 * besides must also render <RequestTime /> (components/site/request-time.tsx).
 */
export async function requestTimeMetadata(metadata: Metadata): Promise<Metadata> {
  await connection();
  return pageMetadata(metadata);
}

/** Blocks whose paragraphs are not the text's own opening (a pull quote, a caption, a link card). */
const ASIDE_TAGS = new Set(['blockquote', 'figure', 'figcaption', 'aside', 'table']);

/**
 * The text of an article body's first paragraph (or its text, if it has no paragraph), cut at a word to at
 * most `max` characters: the description of an article that has neither an SEO description nor a standfirst.
 */
export function firstParagraph(html: string, max = 200): string {
  let aside = 0;
  let inP = false;
  let text = '';
  let found = '';
  let all = '';
  const parser = new Parser({
    onopentag(name) {
      if (ASIDE_TAGS.has(name)) aside++;
      else if (name === 'p' && !aside) {
        inP = true;
        text = '';
      }
    },
    ontext(chunk) {
      if (inP) text += chunk;
      if (!aside) all += chunk;
    },
    onclosetag(name) {
      if (/^(p|h[1-6]|li|div|pre|br)$/.test(name)) all += ' ';
      if (ASIDE_TAGS.has(name)) aside = Math.max(0, aside - 1);
      else if (name === 'p' && inP) {
        inP = false;
        if (!found && text.trim()) found = text;
      }
    },
  });
  parser.end(html);
  const clean = (found || all).replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * The site's feeds, for `alternates.types` (feed autodiscovery). Next replaces a parent's `alternates` with a
 * page's own, so every page that sets a canonical URL repeats these.
 */
export const SITE_FEEDS = { 'application/rss+xml': '/feed.xml', 'application/atom+xml': '/atom.xml' } as const;
