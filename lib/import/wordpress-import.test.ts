/**
 * Importing a WordPress export (lib/import/fixtures/wordpress.xml: classic and block content, a scheduled
 * post, a draft, trash, a page, threaded comments in every status with wpDiscuz votes, a pingback, an orphan
 * reply) into a real database, with images from a wp-content/uploads directory.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-import-'));
process.env.DATA_DIR = tmp;

const { closeDatabase, getDb } = await import('@/db/client');
const schema = await import('@/db/schema');
const { articleAuthors, articles, articleTags, categories, comments, importMap, legacyRedirects, mailOutbox, media, tags, users } = schema;
const { importWordpress } = await import('./wordpress-import');
const { legacyRedirect } = await import('./legacy');
const { importDisqus } = await import('./disqus');

// Unique per run: the Postgres-server suite keeps its database between runs.
const run = randomUUID().slice(0, 8);
const host = `old-gazette-${run}.example`;
const source = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'wordpress.xml'), 'utf8').replaceAll('old-gazette.example', host);
const exportFile = path.join(tmp, 'export.xml');
const uploads = path.join(tmp, 'uploads');

beforeAll(async () => {
  fs.writeFileSync(exportFile, source);
  fs.mkdirSync(path.join(uploads, '2025/03'), { recursive: true });
  fs.mkdirSync(path.join(uploads, '2025/04'), { recursive: true });
  const picture = (r: number) => sharp({ create: { width: 1600, height: 900, channels: 3, background: { r, g: 120, b: 90 } } });
  await picture(200).jpeg().toFile(path.join(uploads, '2025/03/reservoir.jpg'));
  await picture(40).png().toFile(path.join(uploads, '2025/04/bridge.png'));
});

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** What the import made of a WordPress item (its id in import_map). */
async function local(kind: string, id: string): Promise<string> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, 'wordpress'), eq(importMap.kind, kind), eq(importMap.externalId, `https://${host}#${id}`)));
  if (!row) throw new Error(`${kind} ${id} was not imported`);
  return row.localId;
}

const noFetch = async () => null;

describe('importing a WordPress export', () => {
  it('dry run: reports what would be imported and every item skipped, and writes nothing', async () => {
    const db = await getDb();
    const before = (await db.select({ id: articles.id }).from(articles)).length;
    const report = await importWordpress(exportFile, { dryRun: true, uploadsDir: uploads, fetchImage: noFetch });
    expect(report.counts.get('post')).toMatchObject({ created: 4, skipped: 3 });
    expect(report.counts.get('comment')).toMatchObject({ created: 9, skipped: 1, failed: 1 });
    expect(report.counts.get('author')).toMatchObject({ created: 2 });
    const reasons = report.problems.map((p) => `${p.kind} ${p.id}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'post 105: in the trash',
        'post 106: a page, not a post (Broadsheet has articles only)',
        'post 107: no title',
        'comment 506: a pingback, not a comment',
        'comment 507: its parent comment 499 is not in the export or was skipped',
      ]),
    );
    expect(report.format()).toContain('Dry run: nothing was written.');
    expect((await db.select({ id: articles.id }).from(articles)).length).toBe(before);
    expect(
      await db
        .select()
        .from(importMap)
        .where(eq(importMap.externalId, `https://${host}#101`)),
    ).toEqual([]);
  });

  it('imports posts, authors, terms, images and threaded comments, and answers old addresses with their new page', async () => {
    const db = await getDb();
    const report = await importWordpress(exportFile, { uploadsDir: uploads, fetchImage: noFetch });
    expect(report.counts.get('post')).toMatchObject({ created: 4, skipped: 3, failed: 0 });
    // The missing images are reported, not fatal: whatever the quoting of their address, or with none.
    const imageProblems = report.problems.filter((p) => p.kind === 'image').map((p) => `${p.id}: ${p.reason}`);
    expect(imageProblems).toEqual(
      expect.arrayContaining([
        'https://gone.example/missing.jpg: not in the uploads directory and not reachable at its address',
        `https://${host}/wp-content/uploads/2025/03/pump.jpg: not in the uploads directory and not reachable at its address`,
        'in post 101: it has no address (src)',
        'in post 101: a [gallery ids="90,91"] shortcode (its images are not brought over)',
      ]),
    );

    // Authors: staff accounts with the author role and no password, invited by mail.
    const marta = (
      await db
        .select()
        .from(users)
        .where(eq(users.id, await local('author', 'mhollis')))
    )[0];
    expect(marta).toMatchObject({ role: 'author', passwordHash: null, name: 'Marta Hollis' });
    const invite = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, `marta.hollis@${host}`));
    expect(invite.map((m) => m.subject)).toEqual([expect.stringMatching(/Your author account/)]);

    // Categories keep their hierarchy; tags are there.
    const valley = (
      await db
        .select()
        .from(categories)
        .where(eq(categories.id, await local('category', 'valley-news')))
    )[0];
    expect(valley.parentId).toBe(await local('category', 'regional'));

    // The classic-editor post: paragraphs, caption, heading, quote, list, a link card for the bare URL, its
    // cover and body image re-encoded into the media library; scripts and shortcodes gone.
    const reservoir = (
      await db
        .select()
        .from(articles)
        .where(eq(articles.id, await local('post', '101')))
    )[0];
    expect(reservoir).toMatchObject({ status: 'published', title: 'The reservoir at the end of the valley', categoryId: valley.id });
    expect(reservoir.publishedAt?.toISOString()).toBe('2025-03-14T08:30:00.000Z');
    expect(reservoir.body).toContain('<p>The reservoir was built in 1961. Nobody expected it to run dry.</p>');
    expect(reservoir.body).toMatch(
      /<figure><img src="\/media\/uploads\/[^"]+\.webp" alt="The dry reservoir bed"[^>]*\/?><figcaption>The reservoir in March\.<\/figcaption><\/figure>/,
    );
    // An image whose src is in single quotes is brought over like any other.
    expect(reservoir.body).toMatch(/<img src="\/media\/uploads\/[^"]+\.webp" alt="The bridge, from the dam"/);
    expect(reservoir.body).not.toMatch(/pump|old-gazette/);
    expect(reservoir.body).toContain('<h2>What the district says</h2>');
    expect(reservoir.body).toContain('<aside class="link-card"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');
    expect(reservoir.body).toContain('<li>Allocation cut by 30 percent</li>');
    expect(reservoir.body).not.toMatch(/script|\[gallery|\[caption/);
    expect(reservoir.coverImage).toMatch(/^\/media\/uploads\/.+\.webp$/);
    expect(reservoir.coverAlt).toBe('The dry reservoir bed');
    // The cover and the body's resized copy are one picture, stored once.
    expect(reservoir.body).toContain(reservoir.coverImage!);
    expect(
      await db
        .select()
        .from(media)
        .where(eq(media.key, reservoir.coverImage!.replace('/media/', ''))),
    ).toHaveLength(1);
    const byline = await db.select().from(articleAuthors).where(eq(articleAuthors.articleId, reservoir.id));
    expect(byline.map((b) => b.userId)).toEqual([marta.id]);
    const tagRows = await db
      .select({ slug: tags.slug })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, reservoir.id));
    expect(tagRows.map((t) => t.slug).sort()).toEqual(['farming', 'water-rights']);

    // The block-editor post: pull quote, link card for the embed, image with caption.
    const bridge = (
      await db
        .select()
        .from(articles)
        .where(eq(articles.id, await local('post', '102')))
    )[0];
    expect(bridge.body).toContain('<aside class="pull-quote">It carried us for a century.</aside>');
    expect(bridge.body).toContain('<aside class="link-card"><a href="https://vimeo.com/123456"');
    expect(bridge.body).toMatch(
      /<img src="\/media\/uploads\/[^"]+" alt="The bridge at dusk"[^>]*\/?><figcaption>The bridge at dusk\.<\/figcaption>/,
    );
    expect(bridge.body).not.toContain('gone.example');
    // The gallery's images, one after the other, not figures inside a figure.
    expect(bridge.body).toMatch(
      /<figure><img src="\/media\/uploads\/[^"]+" alt="Reservoir, north end"[^>]*\/?><figcaption>North end\.<\/figcaption><\/figure>/,
    );
    expect(bridge.body).toContain('alt="Bridge, east side"');
    expect(bridge.body).not.toMatch(/<figure>\s*<figure/);

    // Scheduled stays scheduled at its time; a draft without a date is a draft.
    expect(
      (
        await db
          .select()
          .from(articles)
          .where(eq(articles.id, await local('post', '103')))
      )[0],
    ).toMatchObject({ status: 'scheduled' });
    expect(
      (
        await db
          .select()
          .from(articles)
          .where(eq(articles.id, await local('post', '104')))
      )[0],
    ).toMatchObject({ status: 'draft' });

    // Comments: threading (the reply came first in the file), statuses, votes, guest and matched authors.
    const rows = await db.select().from(comments).where(eq(comments.articleId, reservoir.id));
    const byWp = async (id: string) => {
      const localId = Number(await local('comment', id));
      return rows.find((r) => r.id === localId)!;
    };
    const top = await byWp('501');
    expect(top).toMatchObject({ parentId: null, depth: 0, status: 'approved', upvotes: 7, downvotes: 2, score: 5, replyCount: 2 });
    expect(top.body).toBe('My family has farmed here for *four* generations.\nThe rules never changed this fast.');
    expect(top.createdAt.toISOString()).toBe('2025-03-14T10:00:00.000Z');
    const reply = await byWp('502');
    expect(reply).toMatchObject({ parentId: top.id, rootId: top.id, depth: 1 });
    expect(reply.bodyHtml).toContain('<a href="https://example.net/minutes"');
    expect((await byWp('503')).authorId).toBe(marta.id);
    expect((await byWp('504')).status).toBe('spam');
    expect((await byWp('505')).status).toBe('pending');
    const guest = (await db.select().from(users).where(eq(users.id, top.authorId!)))[0];
    expect(guest).toMatchObject({ name: 'Tom Bristow', role: 'reader', passwordHash: null });
    expect(reservoir.commentCount).toBe(7);
    // Replies five deep keep their chain.
    const deepest = await byWp('511');
    expect(deepest).toMatchObject({ depth: 5, rootId: top.id, parentId: (await byWp('510')).id });

    // Old addresses.
    expect(await legacyRedirect('/2025/03/the-reservoir/', new URLSearchParams())).toBe(`/article/${reservoir.slug}`);
    expect(await legacyRedirect('/', new URLSearchParams('p=102'))).toBe(`/article/${bridge.slug}`);
    expect(await legacyRedirect('/feed/', new URLSearchParams())).toBe('/feed.xml');
    // Categories, nested ones by their full WordPress address too, with their pages and feeds.
    for (const [from, to] of [
      ['/category/valley-news/', '/category/valley-news'],
      ['/category/regional/valley-news/', '/category/valley-news'],
      ['/category/regional/valley-news', '/category/valley-news'],
      ['/category/regional/valley-news/page/2/', '/category/valley-news/page/2'],
      ['/category/regional/valley-news/feed/', '/category/valley-news/feed.xml'],
      ['/category/regional/feed/', '/category/regional/feed.xml'],
      ['/category/valley-news', null],
      ['/category/valley-news/page/2', null],
      ['/category/valley-news/feed.xml', null],
    ] as const)
      expect(await legacyRedirect(from, new URLSearchParams()), from).toBe(to);
    // A category whose slug changed on the way in: every form of its old address follows the stored redirect.
    await db.insert(legacyRedirects).values({ path: `/category/old-${run}`, target: `/category/new-${run}`, source: 'wordpress' });
    expect(await legacyRedirect(`/category/news/old-${run}/`, new URLSearchParams())).toBe(`/category/new-${run}`);
    expect(await legacyRedirect(`/category/news/old-${run}/page/4/`, new URLSearchParams())).toBe(`/category/new-${run}/page/4`);
    expect(await legacyRedirect(`/category/old-${run}/feed/atom/`, new URLSearchParams())).toBe(`/category/new-${run}/atom.xml`);
    expect(await legacyRedirect('/2099/01/never-was/', new URLSearchParams())).toBeNull();
    expect(await legacyRedirect('/article/anything', new URLSearchParams())).toBeNull();
    expect(
      (
        await db
          .select()
          .from(legacyRedirects)
          .where(inArray(legacyRedirects.path, ['/2025/04/council-bridge']))
      ).length,
    ).toBe(1);
  });

  it('a second run changes nothing; an edit at the source updates just that item', async () => {
    const db = await getDb();
    const again = await importWordpress(exportFile, { uploadsDir: uploads, fetchImage: noFetch });
    expect(again.counts.get('post')).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(again.counts.get('comment')).toMatchObject({ created: 0, unchanged: 9 });
    expect(again.counts.get('author')).toMatchObject({ created: 0 });
    const reservoirId = await local('post', '101');
    expect(await db.select().from(comments).where(eq(comments.articleId, reservoirId))).toHaveLength(9);

    fs.writeFileSync(exportFile, source.replace('Council votes on the bridge', 'Council votes to repair the bridge'));
    const edited = await importWordpress(exportFile, { uploadsDir: uploads, fetchImage: noFetch });
    expect(edited.counts.get('post')).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(
      (
        await db
          .select()
          .from(articles)
          .where(eq(articles.id, await local('post', '102')))
      )[0].title,
    ).toBe('Council votes to repair the bridge');
  });

  it('Disqus comments join the imported articles by their old URL, with threads, deleted and spam flags', async () => {
    const db = await getDb();
    const disqusFile = path.join(tmp, 'disqus.xml');
    fs.writeFileSync(
      disqusFile,
      fs
        .readFileSync(path.join(import.meta.dirname, 'fixtures', 'disqus.xml'), 'utf8')
        .replaceAll('old-gazette.example', host)
        .replace(/dsq:id="(\d+)"/g, `dsq:id="$1${run}"`),
    );
    const dry = await importDisqus(disqusFile, { dryRun: true });
    expect(dry.counts.get('comment')).toMatchObject({ created: 4, skipped: 1, failed: 0 });
    const reservoirId = await local('post', '101');
    expect(await db.select().from(comments).where(eq(comments.articleId, reservoirId))).toHaveLength(9);

    const report = await importDisqus(disqusFile);
    expect(report.counts.get('comment')).toMatchObject({ created: 4, skipped: 1, failed: 0 });
    expect(report.problems[0].reason).toContain('no article here for');
    const rows = await db.select().from(comments).where(eq(comments.articleId, reservoirId));
    const nora = rows.find((r) => r.body.includes('water first'))!;
    expect(nora).toMatchObject({ body: 'Disqus remembers this one: **water first**.', status: 'approved', depth: 0 });
    const pat = rows.find((r) => r.body.includes('dam report'))!;
    expect(pat).toMatchObject({ parentId: nora.id, rootId: nora.id, depth: 1 });
    expect(rows.find((r) => r.deletedAt && r.body === '')).toBeTruthy();
    expect(rows.filter((r) => r.status === 'spam')).toHaveLength(2);
    // WordPress's 7 approved + Nora, Pat and the deleted one (it keeps its place in the thread).
    expect((await db.select().from(articles).where(eq(articles.id, reservoirId)))[0].commentCount).toBe(10);
    expect((await importDisqus(disqusFile)).counts.get('comment')).toMatchObject({ created: 0, unchanged: 4 });
  });

  it('a file that is not a WordPress export is refused with a message naming the problem', async () => {
    const broken = path.join(tmp, 'broken.xml');
    fs.writeFileSync(broken, '<rss><channel><link>https://x.example</link><item><title>Unclosed</channel></rss>');
    await expect(importWordpress(broken, { dryRun: true })).rejects.toThrow(
      /broken\.xml is not a WordPress export: Not well-formed XML \(line 1/,
    );
    const notWp = path.join(tmp, 'other.xml');
    fs.writeFileSync(notWp, '<feed><entry/></feed>');
    await expect(importWordpress(notWp, { dryRun: true })).rejects.toThrow(/names no site/);
  });
});
