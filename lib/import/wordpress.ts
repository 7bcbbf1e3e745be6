/**
 * WordPress's export (Tools → Export → All content, a WXR file) read as typed records, in file order:
 * authors, categories and tags come first in every WXR file, then one <item> per post, page, attachment
 * or menu entry, each post carrying its comments.
 */
import { child, children, text, xmlRecords, type XmlNode } from './xml-stream';

export type WpSite = { kind: 'site'; url: string };
export type WpAuthor = { kind: 'author'; id: string; login: string; email: string; displayName: string };
export type WpCategory = { kind: 'category'; slug: string; name: string; parent: string; description: string };
export type WpTag = { kind: 'tag'; slug: string; name: string };
export type WpAttachment = { kind: 'attachment'; id: string; url: string; title: string; alt: string; parentId: string };
export type WpCommentStatus = 'approved' | 'pending' | 'spam' | 'trash';
export type WpComment = {
  id: string;
  parentId: string;
  author: string;
  email: string;
  url: string;
  userId: string;
  date: Date | null;
  content: string;
  status: WpCommentStatus;
  type: string;
  upvotes: number;
  downvotes: number;
};
export type WpPost = {
  kind: 'post';
  id: string;
  type: string;
  title: string;
  slug: string;
  link: string;
  status: string;
  date: Date | null;
  creator: string;
  content: string;
  excerpt: string;
  categories: string[];
  tags: string[];
  thumbnailId: string;
  comments: WpComment[];
};
export type WpRecord = WpSite | WpAuthor | WpCategory | WpTag | WpAttachment | WpPost;

/** `link` outside any item: the site's address (<channel><link>). */
const RECORDS = new Set(['link', 'wp:author', 'wp:category', 'wp:tag', 'item']);

/** "2026-11-03 09:30:00" in UTC (WordPress's *_gmt fields); null for WordPress's zero date or garbage. */
export function wpGmtDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(d.getTime()) ? null : d;
}

function meta(node: XmlNode, tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of children(node, tag)) out.set(text(m, 'wp:meta_key'), child(m, 'wp:meta_value')?.text ?? '');
  return out;
}

/**
 * wpDiscuz keeps a comment's votes in comment meta: `wpdiscuz_votes` (likes minus dislikes) and, in newer
 * versions, `wpdiscuz_votes_seperate`, a PHP-serialized array with "like" and "dislike".
 */
export function wpdiscuzVotes(m: Map<string, string>): { upvotes: number; downvotes: number } {
  const separate = m.get('wpdiscuz_votes_seperate') ?? '';
  const like = /s:4:"like";i:(\d+);/.exec(separate);
  const dislike = /s:7:"dislike";i:(-?\d+);/.exec(separate);
  if (like || dislike) return { upvotes: Number(like?.[1] ?? 0), downvotes: Math.abs(Number(dislike?.[1] ?? 0)) };
  const total = Number.parseInt(m.get('wpdiscuz_votes') ?? '', 10);
  if (!Number.isFinite(total)) return { upvotes: 0, downvotes: 0 };
  return total >= 0 ? { upvotes: total, downvotes: 0 } : { upvotes: 0, downvotes: -total };
}

function commentStatus(approved: string): WpCommentStatus {
  if (approved === '1') return 'approved';
  if (approved === 'spam') return 'spam';
  if (approved === 'trash' || approved === 'post-trashed') return 'trash';
  return 'pending';
}

function toRecord(node: XmlNode): WpRecord | null {
  if (node.name === 'link')
    return /^https?:\/\//.test(node.text.trim()) ? { kind: 'site', url: node.text.trim().replace(/\/+$/, '') } : null;
  if (node.name === 'wp:author') {
    return {
      kind: 'author',
      id: text(node, 'wp:author_id'),
      login: text(node, 'wp:author_login'),
      email: text(node, 'wp:author_email'),
      displayName: text(node, 'wp:author_display_name'),
    };
  }
  if (node.name === 'wp:category') {
    return {
      kind: 'category',
      slug: text(node, 'wp:category_nicename'),
      name: text(node, 'wp:cat_name'),
      parent: text(node, 'wp:category_parent'),
      description: text(node, 'wp:category_description'),
    };
  }
  if (node.name === 'wp:tag') return { kind: 'tag', slug: text(node, 'wp:tag_slug'), name: text(node, 'wp:tag_name') };
  const type = text(node, 'wp:post_type');
  const id = text(node, 'wp:post_id');
  const postMeta = meta(node, 'wp:postmeta');
  if (type === 'attachment') {
    return {
      kind: 'attachment',
      id,
      url: text(node, 'wp:attachment_url'),
      title: text(node, 'title'),
      alt: postMeta.get('_wp_attachment_image_alt') ?? '',
      parentId: text(node, 'wp:post_parent'),
    };
  }
  const terms = children(node, 'category');
  return {
    kind: 'post',
    id,
    type,
    title: text(node, 'title'),
    slug: text(node, 'wp:post_name'),
    link: text(node, 'link'),
    status: text(node, 'wp:status'),
    date: wpGmtDate(text(node, 'wp:post_date_gmt')),
    creator: text(node, 'dc:creator'),
    content: child(node, 'content:encoded')?.text ?? '',
    excerpt: (child(node, 'excerpt:encoded')?.text ?? '').trim(),
    categories: terms
      .filter((t) => t.attrs.domain === 'category')
      .map((t) => t.attrs.nicename ?? '')
      .filter(Boolean),
    tags: terms
      .filter((t) => t.attrs.domain === 'post_tag')
      .map((t) => t.attrs.nicename ?? '')
      .filter(Boolean),
    thumbnailId: postMeta.get('_thumbnail_id') ?? '',
    comments: children(node, 'wp:comment').map((c) => ({
      id: text(c, 'wp:comment_id'),
      parentId: text(c, 'wp:comment_parent'),
      author: text(c, 'wp:comment_author'),
      email: text(c, 'wp:comment_author_email'),
      url: text(c, 'wp:comment_author_url'),
      userId: text(c, 'wp:comment_user_id'),
      date: wpGmtDate(text(c, 'wp:comment_date_gmt')),
      content: child(c, 'wp:comment_content')?.text ?? '',
      status: commentStatus(text(c, 'wp:comment_approved')),
      type: text(c, 'wp:comment_type'),
      ...wpdiscuzVotes(meta(c, 'wp:commentmeta')),
    })),
  };
}

export async function* readWxr(file: string): AsyncGenerator<WpRecord> {
  for await (const node of xmlRecords(file, RECORDS)) {
    const r = toRecord(node);
    if (r) yield r;
  }
}
