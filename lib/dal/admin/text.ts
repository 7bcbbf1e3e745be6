import 'server-only';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { VARIANT_WIDTHS } from '@/lib/media';
import { decodeHTML, escapeAttribute as escapeAttr, escapeUTF8 as escapeHtml } from 'entities';

/** URL slug from a title: lower-case ASCII words joined by hyphens. */
export function slugify(input: string, max = 80): string {
  const slug = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/g, '');
}

const articleSanitize: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    's',
    'del',
    'a',
    'blockquote',
    'ul',
    'ol',
    'li',
    'img',
    'figure',
    'figcaption',
    'code',
    'pre',
    'sup',
    'sub',
    'mark',
    'aside',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'srcset', 'sizes'],
    aside: ['class'],
  },
  // The editor's two kinds of aside (components/admin/editor/nodes.ts); any other class is dropped.
  allowedClasses: { aside: ['link-card', 'pull-quote'] },
  // Word and Google Docs wrap pasted text in spans, fonts and styles: keep the text, drop the wrapper.
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'xml'],
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // A top-level heading belongs to the page title; demote the body's to h2.
  transformTags: {
    h1: 'h2',
    // Google Docs wraps a whole paste in <b style="font-weight:normal">: that is not bold text.
    b: (tagName, attribs) =>
      /font-weight:\s*(normal|400)/i.test(attribs.style ?? '') ? { tagName: 'span', attribs: {} } : { tagName: 'strong', attribs: {} },
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs };
    },
    img: (tagName, attribs) => ({ tagName, attribs: withResponsiveSizes({ ...attribs, loading: 'lazy' }) }),
  },
  // An image whose address the sanitizer refused is noise, not content.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/**
 * A media-library image (`/media/<dir>/<id>-<width>.webp`, the largest variant lib/media.ts made) gets the
 * srcset of its smaller variants, which are the VARIANT_WIDTHS below its own width.
 */
function withResponsiveSizes(attribs: Record<string, string>): Record<string, string> {
  const m = /^\/media\/([\w./-]+)-(\d+)\.webp$/.exec(attribs.src ?? '');
  if (!m) return attribs;
  const largest = Number(m[2]);
  const widths = [...VARIANT_WIDTHS.filter((w) => w < largest), largest];
  return {
    ...attribs,
    srcset: widths.map((w) => `/media/${m[1]}-${w}.webp ${w}w`).join(', '),
    sizes: '(min-width: 768px) 42rem, 100vw',
  };
}

/** Article HTML as the editor sends it (or as pasted into the no-JavaScript textarea), sanitized. */
export function sanitizeArticleHtml(html: string): string {
  // One block per line, so revision diffs and the fallback textarea read line by line.
  return sanitizeHtml(html, articleSanitize)
    .replace(/(<\/(?:p|h[2-4]|blockquote|ul|ol|li|figure|aside|pre)>|<hr \/>)(?!\n)/g, '$1\n')
    .trim();
}

/**
 * Article HTML from a file (a Broadsheet export), untrusted: kept byte for byte when the allowlist (tags,
 * attributes, classes, schemes) has nothing to remove from it, else sanitized as the editor's save does. The
 * transforms left out of the check are cosmetic (h1 to h2, rel and loading attributes, srcset), not filters.
 */
export function sanitizeImportedArticleHtml(html: string): string {
  return sanitizeHtml(html, { ...articleSanitize, transformTags: {} }) === html ? html : sanitizeArticleHtml(html);
}

/**
 * The stored body for an editor source. The editor sends HTML; revisions saved before the rich-text
 * editor (and anything typed into the fallback textarea without tags) are Markdown.
 */
export function renderArticleBody(source: string): string {
  return /^\s*</.test(source) ? sanitizeArticleHtml(source) : renderArticleMarkdown(source);
}

/**
 * Article Markdown to the sanitized HTML stored in articles.body. A paragraph that is only a bare URL
 * becomes a link card (an "embed" without third-party scripts).
 */
export function renderArticleMarkdown(source: string): string {
  const withCards = source.replace(/^(https?:\/\/[^\s<>"]+)\s*$/gm, (url) => {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      /* keep */
    }
    return `<aside class="link-card"><a href="${escapeAttr(url)}">${escapeHtml(host)}</a></aside>`;
  });
  const html = marked.parse(withCards, { async: false, gfm: true, breaks: false }) as string;
  return sanitizeArticleHtml(html);
}

export function htmlToText(html: string): string {
  // The editor writes blocks with nothing between them: keep words of adjacent blocks apart.
  const spaced = html.replace(/<\/(?:p|h[1-6]|li|blockquote|figcaption|aside|pre)>|<br\s*\/?>/gi, '$& ');
  return decodeHTML(sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, ' ')
    .trim();
}

export function readingMinutes(html: string): number {
  const words = htmlToText(html).split(' ').filter(Boolean).length;
  return Math.max(1, Math.ceil(words / 230));
}
