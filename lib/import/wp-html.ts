/**
 * WordPress post content (classic editor HTML with shortcodes and auto-paragraphs, or Gutenberg blocks) into
 * the article format the editor writes: sanitized HTML with <figure>/<figcaption> images, link cards
 * (`<aside class="link-card">`) for embeds and pull quotes (`<aside class="pull-quote">`). The final pass is
 * the editor's own sanitizer, so an imported body can hold nothing an editor could not have typed.
 */
import { Parser } from 'htmlparser2';
import { sanitizeArticleHtml } from '@/lib/dal/admin/text';
import { escapeAttribute as escapeAttr, escapeText } from 'entities';

/** Maps an image address of the old site to its re-encoded copy here; null when it could not be had. */
export type ImageMapper = (src: string) => string | null;

/** An image of the post that is not in the article: its address ('' when it had none) and why, if known. */
export type MissingImage = { src: string; reason: string };

type ImgTag = { start: number; end: number; src: string; alt: string };

/**
 * Every <img> tag as a browser reads it (src in double, single or no quotes, entities decoded), with where
 * the tag is in the text. Lazy-loading plugins keep the address in data-src or srcset.
 */
function imgTags(html: string): ImgTag[] {
  const found: ImgTag[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name !== 'img') return;
        const src = attribs.src?.trim() || attribs['data-src']?.trim() || attribs.srcset?.trim().split(/\s+/)[0] || '';
        found.push({ start: parser.startIndex, end: parser.endIndex + 1, src, alt: attribs.alt ?? '' });
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return found;
}

/** The addresses of the images a post's content shows, each once, in order. */
export function imageSources(content: string): string[] {
  return [...new Set(imgTags(content).map((i) => i.src))].filter(Boolean);
}

/** Each <img> becomes one pointing at its copy here, or goes (listed in `missing`). */
function rewriteImages(html: string, mapImage: ImageMapper, missing: MissingImage[]): string {
  let out = '';
  let at = 0;
  for (const img of imgTags(html)) {
    out += html.slice(at, img.start);
    const mapped = img.src ? mapImage(img.src) : null;
    if (mapped) out += `<img src="${escapeAttr(mapped)}" alt="${escapeAttr(img.alt)}">`;
    else missing.push({ src: img.src, reason: img.src ? '' : 'it has no address (src)' });
    at = img.end;
  }
  return out + html.slice(at);
}

const BLOCK_START = /^<(?:h[1-6]|p|ul|ol|li|blockquote|figure|figcaption|aside|pre|table|div|hr|section|iframe|img)[\s>/]/i;

const linkCard = (url: string) => {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {}
  return `<aside class="link-card"><a href="${escapeAttr(url)}">${escapeText(host)}</a></aside>`;
};

/** WordPress's wpautop, simplified: blank lines make paragraphs, single newlines inside one make <br>. */
function autoParagraphs(html: string): string {
  return html
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK_START.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br />\n')}</p>`))
    .join('\n');
}

export function wordpressToArticleHtml(content: string, mapImage: ImageMapper): { html: string; missingImages: MissingImage[] } {
  const missingImages: MissingImage[] = [];
  let html = content.replace(/\r\n?/g, '\n');
  // Gutenberg embeds: the block's URL becomes a link card (no third-party scripts on our pages).
  html = html.replace(
    /<!--\s*wp:(?:core-)?embed[^>]*?"url":"([^"]+)"[^>]*?-->[\s\S]*?<!--\s*\/wp:(?:core-)?embed[^>]*-->/g,
    (_m, url: string) => `\n\n${linkCard(url.replace(/\\\//g, '/'))}\n\n`,
  );
  // Pull quotes (block markup) before the block comments go.
  html = html.replace(
    /<figure[^>]*class="[^"]*wp-block-pullquote[^"]*"[^>]*>\s*<blockquote[^>]*>([\s\S]*?)<\/blockquote>\s*<\/figure>/g,
    (_m, inner: string) =>
      `<aside class="pull-quote">${inner
        .replace(/<cite>[\s\S]*?<\/cite>/g, '')
        .replace(/<\/?p>/g, '')
        .trim()}</aside>`,
  );
  html = html.replace(/<!--[\s\S]*?-->/g, '');
  // A gallery (figures inside a figure) becomes its images one after the other, each with its own caption.
  html = html.replace(
    /<figure[^>]*wp-block-gallery[^>]*>((?:\s*<figure[\s\S]*?<\/figure>)+)\s*(?:<figcaption[\s\S]*?<\/figcaption>\s*)?<\/figure>/g,
    '$1',
  );
  // [caption]<img ...> Text[/caption] (classic editor) -> figure with caption.
  html = html.replace(
    /\[caption[^\]]*\]\s*((?:<a[^>]*>)?\s*<img[^>]*>\s*(?:<\/a>)?)\s*([\s\S]*?)\[\/caption\]/g,
    (_m, img: string, caption: string) =>
      `<figure>${img.replace(/<\/?a[^>]*>/g, '').trim()}<figcaption>${caption.trim()}</figcaption></figure>`,
  );
  // [embed]URL[/embed] and a URL alone on its line (WordPress's auto-embeds) -> link card.
  html = html.replace(/\[embed[^\]]*\]\s*(https?:\/\/[^\s[]+)\s*\[\/embed\]/g, (_m, url: string) => `\n\n${linkCard(url)}\n\n`);
  html = html.replace(/^\s*(https?:\/\/[^\s<>"]+)\s*$/gm, (_m, url: string) => `\n${linkCard(url)}\n`);
  // A [gallery] names its images by attachment id only: they are not brought over, and the report says so.
  for (const m of html.matchAll(/\[gallery\b[^\]]*\]/gi))
    missingImages.push({ src: '', reason: `a ${m[0]} shortcode (its images are not brought over)` });
  // Other shortcodes ([contact-form], ...) have no meaning here: drop the tags, keep enclosed text.
  html = html.replace(/\[\/?[a-z][\w-]*(?:\s[^\]]*)?\]/gi, '');
  // Images: the old site's files, re-encoded here; an image that could not be had is left out (and reported).
  html = rewriteImages(html, mapImage, missingImages);
  // Block editor wrappers that mean nothing here.
  html = html.replace(/<\/?div[^>]*>/g, '\n');
  const clean = sanitizeArticleHtml(autoParagraphs(html))
    .replace(/<p>(?:\s|<br \/>)*<\/p>\n?/g, '')
    .trim();
  return { html: clean, missingImages };
}
