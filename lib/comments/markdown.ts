/**
 * Comment Markdown: a safe subset (paragraphs, line breaks, bold, italic, links, quotes, inline code),
 * rendered with marked and then sanitized with sanitize-html, so that whatever marked lets through,
 * only the allow-listed tags and http(s)/mailto links reach the page.
 *
 * No `server-only` import: the seed renders its demo comments with the same function.
 */
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import * as linkify from 'linkifyjs';
import { Parser } from 'htmlparser2';
import { canonicalText } from './normalize';
import { decodeHTML, escapeUTF8 as escapeHtml } from 'entities';

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    // Raw HTML typed into a comment is shown as text, not dropped: nothing the reader wrote is lost.
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    // Outside the subset: headings become paragraphs, images become links, code blocks inline code.
    heading(token: Tokens.Heading) {
      return `<p>${this.parser.parseInline(token.tokens)}</p>\n`;
    },
    image(token: Tokens.Image) {
      return `<a href="${escapeHtml(token.href)}">${escapeHtml(token.text || token.href)}</a>`;
    },
    code(token: Tokens.Code) {
      return `<p><code>${escapeHtml(token.text)}</code></p>\n`;
    },
    hr() {
      return '';
    },
  },
});

const REL = 'ugc nofollow noopener';

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'a', 'blockquote', 'code', 'del', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    b: 'strong',
    i: 'em',
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = (attribs.href ?? '').trim();
      // Anything but http(s), mailto or a site path (javascript:, data:, //host) loses its link, keeps its text.
      if (!/^(https?:|mailto:|\/(?!\/))/i.test(href)) return { tagName: 'span', attribs: {} };
      // Site-relative links (mentions) stay plain; every other link is user-generated content.
      if (href.startsWith('/') && !href.startsWith('//')) return { tagName, attribs: { href } };
      return { tagName, attribs: href ? { href, rel: REL } : { rel: REL } };
    },
  },
};

/** Handles look like "jane_doe" or "jane-doe": letters, digits, _ and -, 2 to 32 characters. */
export const MENTION_RE = /(^|[^\w@./:-])@([a-zA-Z0-9_][a-zA-Z0-9_-]{1,31})(?![\w-])/g;

/** @handles in the text (lower-cased, unique), ignoring those inside `code`. */
export function extractMentions(markdown: string): string[] {
  const withoutCode = markdown.replace(/`[^`]*`/g, ' ');
  const found = new Set<string>();
  for (const m of withoutCode.matchAll(MENTION_RE)) found.add(m[2].toLowerCase());
  return [...found].slice(0, 20);
}

/** Turns @handle in text nodes (not inside links or code) into a link to the profile. */
function linkMentions(html: string): string {
  let inA = 0;
  let inCode = 0;
  return html
    .split(/(<[^>]+>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<a[\s>]/.test(part)) inA++;
        else if (part === '</a>') inA = Math.max(0, inA - 1);
        else if (part === '<code>') inCode++;
        else if (part === '</code>') inCode = Math.max(0, inCode - 1);
        return part;
      }
      if (inA || inCode) return part;
      return part.replace(MENTION_RE, (_m, pre: string, handle: string) => `${pre}<a href="/u/${handle}" class="mention">@${handle}</a>`);
    })
    .join('');
}

/** Markdown source to sanitized HTML. */
export function renderCommentMarkdown(markdown: string): string {
  const raw = marked.parse(markdown, { async: false }) as string;
  const clean = sanitizeHtml(raw, sanitizeOptions).trim();
  return linkMentions(clean);
}

/** Elements a reader sees as separate blocks: their text does not run into the next one's. */
const BLOCK_TAGS = new Set(['p', 'br', 'blockquote', 'li', 'ul', 'ol']);

/**
 * Number of links in a comment, for the moderation hold, read from the HTML the renderer produces so that
 * the counter can never disagree with it: every clickable link but a site path (an @mention) counts, and so
 * does every web or email address linkifyjs finds in the rest of the text as a reader sees it (a bare
 * "example.com/x" is not clickable but is an advertisement all the same; zero-width characters and
 * emphasis cannot split it).
 */
export function countRenderedLinks(html: string): number {
  let anchors = 0;
  let inA = 0;
  let text = '';
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'a') {
        inA++;
        if (!/^\/(?![/\\])/.test(attribs.href ?? '')) anchors++;
      } else if (BLOCK_TAGS.has(name)) text += ' ';
    },
    onclosetag(name) {
      if (name === 'a') {
        inA = Math.max(0, inA - 1);
        text += ' ';
      } else if (BLOCK_TAGS.has(name)) text += ' ';
    },
    ontext(chunk) {
      if (!inA) text += chunk;
    },
  });
  parser.end(html);
  const addresses = linkify.find(canonicalText(text)).filter((l) => l.type === 'url' || l.type === 'email');
  return anchors + addresses.length;
}

/** Number of links the comment will show once rendered (see countRenderedLinks). */
export function countLinks(markdown: string): number {
  return countRenderedLinks(renderCommentMarkdown(markdown));
}

/** Plain text of a comment's HTML, for mail and excerpts. */
export function commentExcerpt(html: string, max = 280): string {
  const text = sanitizeHtml(html.replace(/<\/(p|blockquote|li)>|<br\s*\/?>/g, ' '), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim();
  const decoded = decodeHTML(text);
  return decoded.length > max ? `${decoded.slice(0, max - 1)}…` : decoded;
}
