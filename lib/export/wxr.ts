/**
 * The site as a WordPress export (WXR 1.2), so a newsroom can leave as easily as it came: authors, sections
 * (with parents) and tags, every article as a post (cover as its featured-image attachment, pointing at this
 * site's /media address), and its comments with their parents, approval status and votes in wpDiscuz's meta
 * (`wpdiscuz_votes`, `wpdiscuz_votes_seperate`). WordPress needs numeric ids: posts and attachments are
 * numbered in export order, authors likewise; comments keep theirs. Streamed: articles and comments are read
 * in pages and written as XML text chunk by chunk.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articlePages } from './article-pages';
import { articleAuthors, articles, articleTags, categories, comments, tags, users } from '@/db/schema';
import { escapeUTF8 } from 'entities';

const PAGE = 200;

const esc = (s: string) => escapeUTF8(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
const cdata = (s: string) => `<![CDATA[${s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
/** "2026-11-03 09:30:00" in UTC, as WordPress's *_gmt fields. */
const wpDate = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '0000-00-00 00:00:00');
const STATUS: Record<string, string> = { published: 'publish', scheduled: 'future', draft: 'draft', archived: 'private' };
const COMMENT_STATUS: Record<string, string> = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' };

export async function* wxrChunks(
  db: DbOrTx,
  opts: { includeEmails: boolean; site: { url: string; name: string } },
): AsyncGenerator<string> {
  const site = opts.site.url.replace(/\/+$/, '');
  const abs = (u: string) => (u.startsWith('/') ? `${site}${u}` : u);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n';
  yield `<title>${esc(opts.site.name)}</title>\n<link>${esc(site)}</link>\n<description></description>\n<language>en</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>${esc(site)}</wp:base_site_url>\n<wp:base_blog_url>${esc(site)}</wp:base_blog_url>\n<generator>Broadsheet</generator>\n`;

  // Authors: everyone named in a byline (a newsroom's staff: a small list).
  const authorRows = await db
    .selectDistinct({ id: users.id, handle: users.handle, name: users.name, email: users.email })
    .from(users)
    .innerJoin(articleAuthors, eq(articleAuthors.userId, users.id))
    .orderBy(asc(users.handle));
  const authorNo = new Map<string, { n: number; login: string }>();
  for (const [i, a] of authorRows.entries()) {
    authorNo.set(a.id, { n: i + 1, login: a.handle });
    yield `<wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login>${cdata(a.handle)}</wp:author_login><wp:author_email>${cdata(opts.includeEmails ? a.email : '')}</wp:author_email><wp:author_display_name>${cdata(a.name ?? a.handle)}</wp:author_display_name></wp:author>\n`;
  }

  const cats = await db.select().from(categories).orderBy(asc(categories.position), asc(categories.slug));
  const catSlug = new Map(cats.map((c) => [c.id, c]));
  for (const [i, c] of cats.entries()) {
    const parent = c.parentId ? (catSlug.get(c.parentId)?.slug ?? '') : '';
    yield `<wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>${cdata(c.slug)}</wp:category_nicename><wp:category_parent>${cdata(parent)}</wp:category_parent><wp:cat_name>${cdata(c.name)}</wp:cat_name><wp:category_description>${cdata(c.description)}</wp:category_description></wp:category>\n`;
  }
  let tagNo = cats.length;
  let lastTag: string | null = null;
  for (;;) {
    const page = await db
      .select()
      .from(tags)
      .where(lastTag ? gt(tags.slug, lastTag) : undefined)
      .orderBy(asc(tags.slug))
      .limit(PAGE);
    for (const t of page)
      yield `<wp:tag><wp:term_id>${++tagNo}</wp:term_id><wp:tag_slug>${cdata(t.slug)}</wp:tag_slug><wp:tag_name>${cdata(t.name)}</wp:tag_name></wp:tag>\n`;
    if (page.length < PAGE) break;
    lastTag = page[page.length - 1].slug;
  }

  let postNo = 0;
  for await (const { articles: page, bylines } of articlePages(db, PAGE)) {
    const ids = page.map((a) => a.id);
    const tagRows = await db
      .select({ articleId: articleTags.articleId, slug: tags.slug, name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(articleTags.articleId, ids));
    for (const a of page) {
      const postId = (postNo += 2);
      const creator = authorNo.get(bylines.find((b) => b.articleId === a.id)?.userId ?? a.createdBy ?? '')?.login ?? '';
      const link = `${site}/article/${a.slug}`;
      if (a.coverImage) {
        yield `<item><title>${cdata(a.coverAlt || a.title)}</title><link>${esc(abs(a.coverImage))}</link><dc:creator>${cdata(creator)}</dc:creator><wp:post_id>${postId + 1}</wp:post_id><wp:post_date_gmt>${wpDate(a.publishedAt ?? a.createdAt)}</wp:post_date_gmt><wp:post_name>${cdata(`${a.slug}-cover`)}</wp:post_name><wp:status>inherit</wp:status><wp:post_parent>${postId}</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>${cdata(abs(a.coverImage))}</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>${cdata(a.coverAlt)}</wp:meta_value></wp:postmeta></item>\n`;
      }
      const cat = a.categoryId ? catSlug.get(a.categoryId) : undefined;
      yield `<item><title>${cdata(a.title)}</title><link>${esc(link)}</link><pubDate>${(a.publishedAt ?? a.createdAt).toUTCString()}</pubDate><dc:creator>${cdata(creator)}</dc:creator><guid isPermaLink="false">${esc(`${site}/?p=${postId}`)}</guid><description></description><content:encoded>${cdata(a.body)}</content:encoded><excerpt:encoded>${cdata(a.dek)}</excerpt:encoded><wp:post_id>${postId}</wp:post_id><wp:post_date>${wpDate(a.publishedAt)}</wp:post_date><wp:post_date_gmt>${wpDate(a.publishedAt)}</wp:post_date_gmt><wp:comment_status>${a.commentsOpen ? 'open' : 'closed'}</wp:comment_status><wp:post_name>${cdata(a.slug)}</wp:post_name><wp:status>${STATUS[a.status] ?? 'draft'}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>`;
      if (cat) yield `<category domain="category" nicename="${esc(cat.slug)}">${cdata(cat.name)}</category>`;
      for (const t of tagRows.filter((x) => x.articleId === a.id))
        yield `<category domain="post_tag" nicename="${esc(t.slug)}">${cdata(t.name)}</category>`;
      if (a.coverImage)
        yield `<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${postId + 1}</wp:meta_value></wp:postmeta>`;
      yield '\n';
      yield* commentChunks(db, a.id, authorNo, opts.includeEmails);
      yield '</item>\n';
    }
  }
  yield '</channel>\n</rss>\n';
}

async function* commentChunks(
  db: DbOrTx,
  articleId: string,
  authorNo: Map<string, { n: number }>,
  includeEmails: boolean,
): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const page = await db
      .select({ c: comments, name: users.name, handle: users.handle, email: users.email })
      .from(comments)
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(and(eq(comments.articleId, articleId), gt(comments.id, after)))
      .orderBy(asc(comments.id))
      .limit(PAGE);
    for (const { c, name, handle, email } of page) {
      // A deleted comment keeps its place (its replies point at it), without its text.
      const content = c.deletedAt ? '<p>[deleted]</p>' : c.bodyHtml;
      const status = c.deletedAt ? 'trash' : (COMMENT_STATUS[c.status] ?? '0');
      yield `<wp:comment><wp:comment_id>${c.id}</wp:comment_id><wp:comment_author>${cdata(name ?? handle ?? 'Anonymous')}</wp:comment_author><wp:comment_author_email>${cdata(includeEmails && email ? email : '')}</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP></wp:comment_author_IP><wp:comment_date>${wpDate(c.createdAt)}</wp:comment_date><wp:comment_date_gmt>${wpDate(c.createdAt)}</wp:comment_date_gmt><wp:comment_content>${cdata(content)}</wp:comment_content><wp:comment_approved>${status}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${c.parentId ?? 0}</wp:comment_parent><wp:comment_user_id>${(c.authorId && authorNo.get(c.authorId)?.n) || 0}</wp:comment_user_id><wp:commentmeta><wp:meta_key>wpdiscuz_votes</wp:meta_key><wp:meta_value>${c.score}</wp:meta_value></wp:commentmeta><wp:commentmeta><wp:meta_key>wpdiscuz_votes_seperate</wp:meta_key><wp:meta_value>${cdata(`a:2:{s:4:"like";i:${c.upvotes};s:7:"dislike";i:${-c.downvotes};}`)}</wp:meta_value></wp:commentmeta></wp:comment>\n`;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1].c.id;
  }
}

/** Sizes of what a WXR export holds, for the command's summary. */
export async function wxrCounts(db: DbOrTx) {
  const [row] = await db
    .select({ posts: sql<number>`(select count(*) from ${articles})::int`, comments: sql<number>`(select count(*) from ${comments})::int` })
    .from(sql`(select 1) as one`);
  return row;
}
