/**
 * Imports a WordPress WXR export (with wpDiscuz votes): authors as staff accounts with the author role (no
 * password; invited by mail), categories with their hierarchy, tags, attachments used by posts (re-encoded
 * like any upload), posts (published, scheduled, drafts, with their dates) converted into the article format,
 * their comments with threading, guest or matched authors, dates, approval status and votes, and a 301 from
 * every old address (`/2026/11/slug/`, `/?p=123`) to the new one.
 *
 * Two streaming passes over the file (bounded memory): the first reads the site, authors, terms and
 * attachments; the second the posts, one at a time. Every item is written in its own transaction (a savepoint
 * in a dry run, where the whole import is one transaction that is rolled back at the end), and recorded in
 * import_map with a checksum of its source, so a re-run creates nothing twice and updates what changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { categories, importMap, media, tags, users } from '@/db/schema';
import { issueToken } from '@/lib/auth/tokens';
import { slugify } from '@/lib/dal/admin/text';
import { uniqueHandle } from '@/lib/dal/users';
import { sendMail } from '@/lib/mail';
import { importInviteMail } from '@/lib/mail/templates/auth';
import { mediaUrl, processImageUpload } from '@/lib/media';
import { legacyRedirectTo, upsertArticle } from './articles';
import { checksum, commentMarkdown, guestUserId, parentsFirst, recountComments, upsertComment } from './comments';
import { fetchPublicImage } from './remote-image';
import { ImportReport } from './report';
import { readWxr, type WpAttachment, type WpAuthor, type WpCategory, type WpComment, type WpPost, type WpTag } from './wordpress';
import { wordpressToArticleHtml } from './wp-html';
import { XmlError } from './xml-stream';
import { Rollback, rolledBack } from './dry-run';

export type WordpressImportOptions = {
  dryRun?: boolean;
  /** A copy of the site's wp-content/uploads, where images are read from before trying their URL. */
  uploadsDir?: string;
  /** Mail new author accounts a link to choose a password (default true; never in a dry run). */
  invite?: boolean;
  /** Called once the file has been read through, with the number of posts to go. */
  onTotal?: (posts: number) => void | Promise<void>;
  /** Called after each post with the number of posts done. */
  onProgress?: (postsDone: number) => void | Promise<void>;
  /** Image bytes from an address (default: fetch with a 20 s limit); null when it cannot be had. */
  fetchImage?: (url: string) => Promise<Buffer | null>;
};

const SOURCE = 'wordpress';

async function mapped(tx: DbOrTx, site: string, kind: string, id: string) {
  const [row] = await tx
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, SOURCE), eq(importMap.kind, kind), eq(importMap.externalId, `${site}#${id}`)))
    .limit(1);
  return row ?? null;
}

async function remember(tx: DbOrTx, site: string, kind: string, id: string, localId: string, sum: string) {
  await tx
    .insert(importMap)
    .values({ source: SOURCE, kind, externalId: `${site}#${id}`, localId, checksum: sum })
    .onConflictDoUpdate({
      target: [importMap.source, importMap.kind, importMap.externalId],
      set: { localId, checksum: sum, importedAt: new Date() },
    });
}

const redirect = (tx: DbOrTx, from: string, target: string) => legacyRedirectTo(tx, SOURCE, from, target);

/** The path of an old address, without its trailing slash ("/2026/11/slug"), or "/?p=12". */
export function legacyPath(url: string): string | null {
  try {
    const u = new URL(url);
    const p = u.searchParams.get('p') ?? u.searchParams.get('page_id');
    if ((u.pathname === '/' || u.pathname === '') && p) return `/?p=${p}`;
    const trimmed = u.pathname.replace(/\/+$/, '');
    return trimmed || null;
  } catch {
    return null;
  }
}

type Context = {
  site: string;
  /** Where outcomes are counted (a throwaway one while a dry run re-creates what a post depends on). */
  report: ImportReport;
  opts: WordpressImportOptions;
  authors: Map<string, WpAuthor>;
  authorById: Map<string, WpAuthor>;
  attachments: Map<string, WpAttachment>;
  /** Old image address -> our media URL, for images already re-encoded in this run. */
  images: Map<string, string | null>;
  /** New author accounts to invite, by address. */
  invites: Map<string, { email: string; name: string; userId: string }>;
};

/** Runs one item in its own transaction (a savepoint inside a dry run's transaction). */
async function item<T>(outer: DbOrTx | null, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (outer) return outer.transaction(fn);
  return (await getDb()).transaction(fn);
}

async function importAuthor(tx: DbOrTx, c: Context, a: WpAuthor): Promise<void> {
  const label = { id: a.login, label: a.displayName || a.login };
  if (!a.login) return c.report.add('author', 'skipped', label, 'no login name');
  const sum = checksum(a);
  const known = await mapped(tx, c.site, 'author', a.login);
  if (known) return c.report.add('author', 'unchanged');
  const email = (a.email || `${slugify(a.login) || 'author'}@imported.invalid`).toLowerCase();
  const [existing] = await tx
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  if (existing) {
    await remember(tx, c.site, 'author', a.login, existing.id, sum);
    c.report.add('author', 'updated');
    if (existing.role === 'reader')
      c.report.notes.push(
        `${email} already had a reader account here: their articles are credited to it, and its role stays "reader" (an admin can make it an author).`,
      );
    return;
  }
  const [u] = await tx
    .insert(users)
    .values({
      email,
      name: a.displayName || a.login,
      handle: await uniqueHandle(a.login, tx),
      role: 'author',
      passwordHash: null,
      emailVerified: a.email ? new Date() : null,
    })
    .returning({ id: users.id, handle: users.handle });
  await remember(tx, c.site, 'author', a.login, u.id, sum);
  await redirect(tx, `/author/${a.login}`, `/author/${u.handle}`);
  if (a.email) c.invites.set(email, { email, name: a.displayName || a.login, userId: u.id });
  c.report.add('author', 'created');
}

async function importCategory(tx: DbOrTx, c: Context, cat: WpCategory): Promise<void> {
  const label = { id: cat.slug, label: cat.name };
  const slug = slugify(cat.slug) || slugify(cat.name);
  if (!slug || !cat.name) return c.report.add('category', 'skipped', label, 'no name or slug');
  const parent = cat.parent ? await mapped(tx, c.site, 'category', cat.parent) : null;
  const sum = checksum(cat);
  const known = await mapped(tx, c.site, 'category', cat.slug);
  const values = { name: cat.name, description: cat.description, parentId: parent?.localId ?? null };
  if (known) {
    if (known.checksum === sum) return c.report.add('category', 'unchanged');
    await tx.update(categories).set(values).where(eq(categories.id, known.localId));
    await remember(tx, c.site, 'category', cat.slug, known.localId, sum);
    return c.report.add('category', 'updated');
  }
  const [existing] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).limit(1);
  const id =
    existing?.id ??
    (
      await tx
        .insert(categories)
        .values({ slug, ...values })
        .returning({ id: categories.id })
    )[0].id;
  await remember(tx, c.site, 'category', cat.slug, id, sum);
  await redirect(tx, `/category/${cat.slug}`, `/category/${slug}`);
  c.report.add('category', existing ? 'updated' : 'created');
}

async function importTag(tx: DbOrTx, c: Context, t: WpTag): Promise<void> {
  const slug = slugify(t.slug) || slugify(t.name);
  if (!slug || !t.name) return c.report.add('tag', 'skipped', { id: t.slug, label: t.name }, 'no name or slug');
  const known = await mapped(tx, c.site, 'tag', t.slug);
  if (known) return c.report.add('tag', 'unchanged');
  const [existing] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).limit(1);
  const id = existing?.id ?? (await tx.insert(tags).values({ slug, name: t.name }).returning({ id: tags.id }))[0].id;
  await remember(tx, c.site, 'tag', t.slug, id, checksum(t));
  await redirect(tx, `/tag/${t.slug}`, `/tag/${slug}`);
  c.report.add('tag', existing ? 'updated' : 'created');
}

/** The old image's bytes: from the uploads directory when given, else its URL. */
async function imageBytes(c: Context, url: string): Promise<Buffer | null> {
  if (c.opts.uploadsDir) {
    const m = /\/wp-content\/uploads\/(.+)$/.exec(new URL(url, c.site).pathname);
    if (m) {
      const file = path.resolve(c.opts.uploadsDir, decodeURIComponent(m[1]));
      if (file.startsWith(path.resolve(c.opts.uploadsDir) + path.sep) && fs.existsSync(file)) return fs.promises.readFile(file);
    }
  }
  return (c.opts.fetchImage ?? fetchPublicImage)(url);
}

/** WordPress's resized copies ("photo-300x200.jpg") are the same picture as the original ("photo.jpg"). */
const originalOf = (url: string) => url.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1');

/** Re-encodes an old image like an upload (once per run and per address); its media URL, or null. */
async function importImage(tx: DbOrTx, c: Context, url: string, alt: string): Promise<string | null> {
  const original = originalOf(url);
  if (c.images.has(original)) return c.images.get(original)!;
  const known = await mapped(tx, c.site, 'attachment', original);
  if (known) {
    const [m] = await tx.select({ key: media.key }).from(media).where(eq(media.id, known.localId)).limit(1);
    if (m) {
      c.images.set(original, mediaUrl(m.key));
      return mediaUrl(m.key);
    }
  }
  if (c.opts.dryRun) {
    c.images.set(original, `/media/dry-run/${c.images.size}.webp`);
    c.report.add('image', 'created');
    return c.images.get(original)!;
  }
  const bytes = (await imageBytes(c, original)) ?? (original !== url ? await imageBytes(c, url) : null);
  let result: string | null = null;
  if (!bytes) {
    c.report.add(
      'image',
      'skipped',
      { id: original, label: path.basename(original) },
      'not in the uploads directory and not reachable at its address',
    );
  } else {
    try {
      const img = await processImageUpload(bytes);
      await tx.insert(media).values({
        id: img.id,
        key: img.key,
        mime: img.mime,
        width: img.width,
        height: img.height,
        bytes: img.bytes,
        variants: img.variants,
        alt,
      });
      await remember(tx, c.site, 'attachment', original, img.id, '');
      result = mediaUrl(img.key);
      c.report.add('image', 'created');
    } catch (err) {
      c.report.add('image', 'skipped', { id: original, label: path.basename(original) }, (err as Error).message);
    }
  }
  c.images.set(original, result);
  return result;
}

const STATUS: Record<string, 'published' | 'scheduled' | 'draft'> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
};

async function importPost(outer: DbOrTx | null, c: Context, p: WpPost): Promise<void> {
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
      const bodyImages = [...p.content.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/gi)].map((m) => m[1]);
      const newUrl = new Map<string, string | null>();
      for (const src of bodyImages) newUrl.set(src, await importImage(tx, c, src, ''));
      const thumb = p.thumbnailId ? c.attachments.get(p.thumbnailId) : undefined;
      const cover = thumb ? await importImage(tx, c, thumb.url, thumb.alt) : null;
      const { html } = wordpressToArticleHtml(p.content, (src) => newUrl.get(src) ?? null);

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

/** Reads the export twice (site and terms, then posts) and imports it; returns the report. */
export async function importWordpress(file: string, opts: WordpressImportOptions = {}): Promise<ImportReport> {
  const report = new ImportReport(!!opts.dryRun);
  const c: Context = {
    site: '',
    report,
    opts,
    authors: new Map(),
    authorById: new Map(),
    attachments: new Map(),
    images: new Map(),
    invites: new Map(),
  };
  const cats: WpCategory[] = [];
  const tagList: WpTag[] = [];
  let posts = 0;
  try {
    for await (const r of readWxr(file)) {
      if (r.kind === 'site') c.site ||= r.url;
      else if (r.kind === 'author') {
        c.authors.set(r.login, r);
        if (r.id) c.authorById.set(r.id, r);
      } else if (r.kind === 'category') cats.push(r);
      else if (r.kind === 'tag') tagList.push(r);
      else if (r.kind === 'attachment') c.attachments.set(r.id, r);
      else if (r.kind === 'post') posts++;
    }
  } catch (err) {
    if (err instanceof XmlError) throw new Error(`${path.basename(file)} is not a WordPress export: ${err.message}`);
    throw err;
  }
  if (!c.site) throw new Error(`${path.basename(file)} is not a WordPress export: it names no site (<channel><link>).`);
  await opts.onTotal?.(posts);

  /** Authors, then categories (parents first), then tags. */
  const terms = async (outer: DbOrTx | null, authors: WpAuthor[], catList: WpCategory[], tagsToDo: WpTag[]) => {
    for (const a of authors) await item(outer, (tx) => importAuthor(tx, c, a));
    // Parents before children: a category whose parent comes later in the file waits for it.
    const pending = [...catList];
    for (let round = 0; pending.length && round < 50; round++) {
      for (const cat of [...pending]) {
        const parentDone = !cat.parent || !pending.some((x) => x.slug === cat.parent);
        if (!parentDone) continue;
        pending.splice(pending.indexOf(cat), 1);
        await item(outer, (tx) => importCategory(tx, c, cat));
      }
    }
    for (const cat of pending) c.report.add('category', 'skipped', { id: cat.slug, label: cat.name }, 'its parents form a loop');
    for (const t of tagsToDo) await item(outer, (tx) => importTag(tx, c, t));
  };

  if (opts.dryRun) {
    // Nothing may stay written, and the site must keep answering while the dry run reads a large file: so no
    // single long transaction (PGlite has one connection) but one short transaction per step, each rolled
    // back. A post's step first re-creates, silently, the author and terms it needs.
    const db = await getDb();
    await rolledBack(db, (tx) => terms(tx, [...c.authors.values()], cats, tagList));
    const catBySlug = new Map(cats.map((x) => [x.slug, x]));
    let done = 0;
    for await (const r of readWxr(file)) {
      if (r.kind !== 'post') continue;
      await rolledBack(db, async (tx) => {
        const counted = c.report;
        c.report = new ImportReport(true);
        const chain: WpCategory[] = [];
        for (let slug of r.categories) {
          for (let hops = 0; slug && hops < 20; hops++) {
            const cat = catBySlug.get(slug);
            if (!cat || chain.includes(cat)) break;
            chain.unshift(cat);
            slug = cat.parent;
          }
        }
        const needed = [c.authors.get(r.creator), ...r.comments.map((cm) => c.authorById.get(cm.userId))].filter((a): a is WpAuthor => !!a);
        await terms(
          tx,
          [...new Set(needed)],
          chain,
          tagList.filter((t) => r.tags.includes(t.slug)),
        );
        c.report = counted;
        await importPost(tx, c, r);
      });
      await opts.onProgress?.(++done);
    }
    if (c.invites.size) report.notes.push(`${c.invites.size} new author account(s) would be mailed a link to choose a password.`);
    return report;
  }

  await terms(null, [...c.authors.values()], cats, tagList);
  let done = 0;
  for await (const r of readWxr(file)) {
    if (r.kind !== 'post') continue;
    await importPost(null, c, r);
    await opts.onProgress?.(++done);
  }
  if (opts.invite !== false) {
    for (const inv of c.invites.values()) {
      const token = await issueToken(inv.userId, 'reset_password');
      await sendMail(importInviteMail(inv.email, inv.name, token));
    }
    if (c.invites.size) report.notes.push(`Mailed ${c.invites.size} new author account(s) a link to choose a password.`);
  }
  return report;
}
