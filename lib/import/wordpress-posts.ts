/** WordPress posts as articles (with a 301 from every old address), and their comments with threading and votes. */
import type { DbOrTx } from '@/db/client';
import { upsertArticle } from './articles';
import { commentMarkdown, guestUserId, parentsFirst, recountComments, upsertComment } from './comments';
import type { WpComment, WpPost } from './wordpress';
import { imageSources, wordpressToArticleHtml } from './wp-html';
import { Rollback } from './dry-run';
import { item, legacyPath, mapped, SOURCE, type Context } from './wordpress-context';
import { importImage } from './wordpress-images';

const STATUS: Record<string, 'published' | 'scheduled' | 'draft'> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
};

export async function importPost(outer: DbOrTx | null, c: Context, p: WpPost): Promise<void> {
  const label = { id: p.id, label: p.title || '(no title)' };
  if (p.type !== 'post') {
    if (p.type === 'page') c.report.add('post', 'skipped', label, 'a page, not a post (Broadsheet has articles only)');
    return;
  }
  const status = STATUS[p.status];
  if (!status) return c.report.add('post', 'skipped', label, p.status === 'trash' ? 'in the trash' : `status "${p.status}"`);
  if (!p.title.trim()) return c.report.add('post', 'skipped', label, 'no title');
  if (status !== 'draft' && !p.date) return c.report.add('post', 'skipped', label, 'no publication date');

  let articleId: string;
  try {
    articleId = await item(outer, async (tx) => {
      // Images first (the body and the cover point at their new addresses).
      const newUrl = new Map<string, string | null>();
      for (const src of imageSources(p.content)) newUrl.set(src, await importImage(tx, c, absolute(src, c.site), ''));
      const thumb = p.thumbnailId ? c.attachments.get(p.thumbnailId) : undefined;
      const cover = thumb ? await importImage(tx, c, thumb.url, thumb.alt) : null;
      const { html, missingImages } = wordpressToArticleHtml(p.content, (src) => newUrl.get(src) ?? null);
      // importImage reported those it tried; the others (no address, a [gallery]) are reported here.
      for (const m of missingImages)
        if (!newUrl.has(m.src)) c.report.add('image', 'skipped', { id: m.src || `in post ${p.id}`, label: p.title }, m.reason);

      const categoryId = p.categories.length ? ((await mapped(tx, c.site, 'category', p.categories[0]))?.localId ?? null) : null;
      const author = c.authors.get(p.creator);
      const authorUser = author ? await mapped(tx, c.site, 'author', author.login) : null;
      const tagIds: string[] = [];
      for (const t of new Set(p.tags)) {
        const tag = await mapped(tx, c.site, 'tag', t);
        if (tag) tagIds.push(tag.localId);
      }
      const { id, outcome } = await upsertArticle(tx, {
        source: SOURCE,
        externalId: `${c.site}#${p.id}`,
        slug: p.slug,
        title: p.title,
        dek: p.excerpt,
        html,
        coverImage: cover,
        coverAlt: thumb?.alt ?? '',
        status,
        publishedAt: p.date,
        categoryId,
        authorIds: authorUser ? [authorUser.localId] : [],
        tagIds,
        oldPaths: [legacyPath(p.link), `/?p=${p.id}`].filter((x): x is string => !!x),
      });
      c.report.add('post', outcome);
      if (outcome !== 'unchanged') c.report.touchedArticles.add(id);
      return id;
    });
  } catch (err) {
    if (err instanceof Rollback) throw err;
    c.report.add('post', 'failed', label, (err as Error).message);
    return;
  }
  await importComments(outer, c, p, articleId);
}

/** An image address as the old site meant it: a path like /wp-content/uploads/x.jpg is on that site. */
function absolute(src: string, site: string): string {
  try {
    return new URL(src, site).href;
  } catch {
    return src;
  }
}

/** The comment's author: the matching imported author, or a guest account. */
async function commenterId(tx: DbOrTx, c: Context, cm: Pick<WpComment, 'userId' | 'author' | 'email'>): Promise<string> {
  if (cm.userId && cm.userId !== '0') {
    const author = c.authorById.get(cm.userId);
    const known = author ? await mapped(tx, c.site, 'author', author.login) : null;
    if (known) return known.localId;
  }
  return guestUserId(tx, cm.author, cm.email);
}

async function importComments(outer: DbOrTx | null, c: Context, p: WpPost, articleId: string): Promise<void> {
  let touched = false;
  const ordered = parentsFirst(p.comments.map((cm) => ({ ...cm, parentId: cm.parentId && cm.parentId !== '0' ? cm.parentId : null })));
  for (const cm of ordered) {
    const label = { id: cm.id, label: `${cm.author || 'Anonymous'} on "${p.title}"` };
    if (cm.type === 'pingback' || cm.type === 'trackback') {
      c.report.add('comment', 'skipped', label, `a ${cm.type}, not a comment`);
      continue;
    }
    const body = commentMarkdown(cm.content);
    if (!body) {
      c.report.add('comment', 'skipped', label, 'empty');
      continue;
    }
    try {
      const outcome = await item(outer, async (tx) =>
        upsertComment(tx, {
          source: SOURCE,
          externalId: `${c.site}#${cm.id}`,
          parentExternalId: cm.parentId ? `${c.site}#${cm.parentId}` : null,
          articleId,
          authorId: await commenterId(tx, c, cm),
          body,
          status: cm.status,
          createdAt: cm.date ?? new Date(),
          upvotes: cm.upvotes,
          downvotes: cm.downvotes,
        }),
      );
      c.report.add('comment', outcome);
      if (outcome !== 'unchanged') touched = true;
    } catch (err) {
      if (err instanceof Rollback) throw err;
      c.report.add('comment', 'failed', label, (err as Error).message);
    }
  }
  if (touched) {
    await item(outer, (tx) => recountComments(tx, articleId));
    c.report.touchedArticles.add(articleId);
  }
}
