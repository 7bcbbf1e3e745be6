/**
 * The Broadsheet export against real databases: the demo site exported and imported into an empty database
 * comes back with the same rows (ids, slugs, threads, scores, anchors, pledges); a second import changes
 * nothing; an export without emails holds no address, and no export ever holds a password hash or a token; a
 * hostile file (a script in an article, a traversing media key) is defused or refused. The page-level round trip
 * (same rendered pages) is e2e/backup.spec.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { asc, eq, sql } from 'drizzle-orm';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-export-'));
process.env.DATA_DIR = path.join(tmp, 'data');

const { closeDatabase, getDb, openDatabase } = await import('@/db/client');
const { articles, comments, feedbackPoints, pledges, users, commentVotes } = await import('@/db/schema');
const { seed, LONG_THREAD_SLUG } = await import('@/db/seed');
const { exportStream } = await import('./index');
const { importBroadsheet } = await import('@/lib/import/broadsheet');
const { copyServerTemplate } = await import('@/lib/testing/template-db');

const site = { url: 'https://old.example', name: 'Old' };
const full = path.join(tmp, 'full.tar.gz');
const redacted = path.join(tmp, 'redacted.tar.gz');
let target: Awaited<ReturnType<typeof openDatabase>>;
let dropTarget = async () => {};

async function records(file: string): Promise<string> {
  const extract = tar.extract();
  fs.createReadStream(file).pipe(createGunzip()).pipe(extract);
  let out = '';
  for await (const e of extract) for await (const c of e) if (e.header.name.startsWith('records/')) out += (c as Buffer).toString('utf8');
  return out;
}

beforeAll(async () => {
  const db = await getDb();
  await seed(db, { covers: false });
  await pipeline(exportStream(db, { format: 'broadsheet', includeEmails: true, site }), fs.createWriteStream(full));
  await pipeline(exportStream(db, { format: 'broadsheet', includeEmails: false, site }), fs.createWriteStream(redacted));
  if (process.env.TEST_DATABASE_URL) {
    const copy = await copyServerTemplate(process.env.TEST_DATABASE_URL);
    target = await openDatabase({ url: copy.url });
    dropTarget = copy.drop;
  } else target = await openDatabase({ pgliteDir: 'memory://' });
}, 240_000);

afterAll(async () => {
  await target?.close();
  await dropTarget();
  await closeDatabase();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Broadsheet export round trip', { timeout: 300_000 }, () => {
  it('imports into an empty database with the same ids, slugs, threads, scores, anchors and pledges', async () => {
    const report = await importBroadsheet(full, { db: target.db });
    expect(report.failed).toBe(0);
    const source = await getDb();
    const dump = async (db: typeof source) => ({
      articles: await db
        .select({ id: articles.id, slug: articles.slug, body: articles.body, count: articles.commentCount })
        .from(articles)
        .orderBy(asc(articles.id)),
      comments: await db
        .select({
          id: comments.id,
          parent: comments.parentId,
          root: comments.rootId,
          depth: comments.depth,
          // HTML is rendered again from the Markdown: compared where readers see it.
          html: sql<string>`case when ${comments.status} = 'approved' then ${comments.bodyHtml} end`,
          body: comments.body,
          score: comments.score,
          anchor: comments.anchor,
          status: comments.status,
          author: users.handle,
        })
        .from(comments)
        .leftJoin(users, eq(users.id, comments.authorId))
        .orderBy(asc(comments.id)),
      pledges: await db
        .select({ id: pledges.id, amount: pledges.amountCents, status: pledges.status, email: pledges.email })
        .from(pledges)
        .orderBy(asc(pledges.id)),
      votes: (await db.select({ n: sql<number>`count(*)::int` }).from(commentVotes))[0].n,
    });
    const [before, after] = [await dump(source), await dump(target.db)];
    expect(after.articles).toEqual(before.articles);
    const differing = after.comments.findIndex((c, i) => JSON.stringify(c) !== JSON.stringify(before.comments[i]));
    expect(after.comments[differing], 'the first comment that differs').toEqual(before.comments[differing]);
    expect(after.pledges).toEqual(before.pledges);
    expect(after.votes).toBe(before.votes);
    // Inline passages: the feedback points, with their quotes and questions.
    const points = async (db: typeof source) =>
      db
        .select({ id: feedbackPoints.id, quote: feedbackPoints.quote, q: feedbackPoints.question })
        .from(feedbackPoints)
        .orderBy(asc(feedbackPoints.id));
    expect(await points(target.db)).toEqual(await points(source));
    expect((await points(source)).length).toBeGreaterThan(0);
    // The long thread keeps its permalinks: same comment ids under the same article.
    const [long] = await target.db.select().from(articles).where(eq(articles.slug, LONG_THREAD_SLUG));
    expect(long.commentCount).toBeGreaterThan(300);
    // Nobody can sign in with an imported account until they set a password; the admin is an editor here.
    const imported = await target.db.select({ hash: users.passwordHash, role: users.role }).from(users);
    expect(imported.every((u) => u.hash === null)).toBe(true);
    expect(imported.some((u) => u.role === 'admin')).toBe(false);
    // A new comment gets a free id (the identity sequence moved past the imported ones).
    const [fresh] = await target.db
      .insert(comments)
      .values({ articleId: long.id, body: 'new', bodyHtml: '<p>new</p>', contentHash: 'x' })
      .returning({ id: comments.id });
    expect(fresh.id).toBeGreaterThan(Math.max(...before.comments.map((c) => c.id)));
    await target.db.delete(comments).where(eq(comments.id, fresh.id));
  });

  it('is idempotent: a second import creates and changes nothing', async () => {
    const report = await importBroadsheet(full, { db: target.db });
    for (const [kind, c] of report.counts) expect({ kind, created: c.created, failed: c.failed }).toEqual({ kind, created: 0, failed: 0 });
    expect(report.counts.get('comment')?.unchanged).toBeGreaterThan(1000);
  });

  it('never exports a password hash or a token; without emails, no address at all', async () => {
    const all = await records(full);
    expect(all).toContain('reader@broadsheet.test');
    for (const text of [all, await records(redacted)]) {
      expect(text).not.toMatch(/\$argon2|passwordHash|password_hash|TokenHash|token_hash|idempotencyKey|unsubscribeToken/);
    }
    // (Article text may name an address such as tips@…: no account's or donor's address, and no email field.)
    expect(await records(redacted)).not.toMatch(/"email":|reader@broadsheet\.test|admin@broadsheet\.test/);
  });

  it('defuses a script in an article and refuses a traversing media key', async () => {
    const write = async (file: string, lines: object[], extra?: { name: string; data: string }) => {
      const pack = tar.pack();
      const out = pipeline(pack, createGzip(), fs.createWriteStream(file));
      const add = (name: string, data: string) => new Promise<void>((r) => pack.entry({ name }, data, () => r()));
      await add(
        'export.json',
        JSON.stringify({
          format: 'broadsheet-export',
          version: 1,
          exportedAt: '',
          site: { url: 'https://evil.example', name: 'x' },
          includesEmails: false,
        }),
      );
      await add('records/000001.ndjson', lines.map((l) => JSON.stringify(l)).join('\n'));
      if (extra) await add(extra.name, extra.data);
      pack.finalize();
      await out;
    };
    const now = new Date().toISOString();
    const evil = path.join(tmp, 'evil.tar.gz');
    await write(evil, [
      {
        type: 'article',
        id: 'evil-1',
        slug: 'evil-article',
        title: 'Evil',
        dek: '',
        body: '<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a>',
        bodySource: null,
        coverImage: null,
        coverAlt: '',
        status: 'published',
        publishedAt: now,
        updatedAt: now,
        createdAt: now,
        categoryId: null,
        readingMinutes: 1,
        seoTitle: null,
        seoDescription: null,
        commentsOpen: true,
        commentCount: 0,
        createdBy: null,
        submittedAt: null,
        authorIds: [],
        tagIds: [],
        oldSlugs: [],
      },
      {
        type: 'user',
        id: 'evil-admin',
        handle: 'evil-admin',
        name: 'Evil',
        role: 'admin',
        bio: null,
        image: null,
        premoderated: false,
        bannedUntil: null,
        banReason: null,
        createdAt: now,
        deletedAt: null,
      },
    ]);
    await importBroadsheet(evil, { db: target.db });
    const [a] = await target.db.select().from(articles).where(eq(articles.slug, 'evil-article'));
    expect(a.body).not.toMatch(/script|onclick|javascript:/);
    const [u] = await target.db.select().from(users).where(eq(users.handle, 'evil-admin'));
    expect(u.role).toBe('editor');
    const traversing = path.join(tmp, 'traversing.tar.gz');
    await write(traversing, [], { name: 'media/../../../escape.webp', data: 'x' });
    await expect(importBroadsheet(traversing, { db: target.db })).rejects.toThrow(/not a Broadsheet export.*unsafe/);
    expect(fs.existsSync(path.join(tmp, 'escape.webp'))).toBe(false);
  });
});
