import 'server-only';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

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
    'h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'b', 'em', 'i', 's', 'del', 'a', 'blockquote', 'ul', 'ol', 'li',
    'img', 'figure', 'figcaption', 'code', 'pre', 'sup', 'sub', 'mark', 'aside',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'class'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'srcset', 'sizes'],
    aside: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // A top-level heading belongs to the page title; demote the body's to h2.
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow' } : attribs };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
  },
};

/**
 * Article Markdown to the sanitized HTML stored in articles.body. A paragraph that is only a bare URL
 * becomes a link card (an "embed" without third-party scripts).
 */
export function renderArticleMarkdown(source: string): string {
  const withCards = source.replace(/^(https?:\/\/[^\s<>"]+)\s*$/gm, (url) => {
    let host = url;
    try { host = new URL(url).host; } catch { /* keep */ }
    return `<aside class="link-card"><a href="${escapeAttr(url)}">${escapeHtml(host)}</a></aside>`;
  });
  const html = marked.parse(withCards, { async: false, gfm: true, breaks: false }) as string;
  return sanitizeHtml(html, articleSanitize);
}

export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ').trim();
}

export function readingMinutes(html: string): number {
  const words = htmlToText(html).split(' ').filter(Boolean).length;
  return Math.max(1, Math.ceil(words / 230));
}

/** Text-quote anchor for a passage: the exact quote plus up to 32 characters of context each side. */
export function anchorFor(text: string, quote: string): { prefix: string; suffix: string } | null {
  const q = quote.replace(/\s+/g, ' ').trim();
  const at = text.indexOf(q);
  if (at < 0 || !q) return null;
  return { prefix: text.slice(Math.max(0, at - 32), at), suffix: text.slice(at + q.length, at + q.length + 32) };
}

function escapeHtml(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeAttr(s: string) {
  return escapeHtml(s).replace(/"/g, '&quot;');
}
