import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { migrationDataStatements } from '@/lib/testing/migration-data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actAs } from '@/lib/testing/fake-auth';
import { and, eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articleRevisions, articleSlugRedirects, articles, auditLog, feedbackPoints, users, type Role } from '@/db/schema';
import { ForbiddenError, UserError } from '@/lib/errors';
import { articleFormSchema } from '@/lib/validation/admin';

// Real database and DAL; only next-auth's auth() is replaced by the token of a real user.
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-media-'));
process.env.DATA_DIR = tmp;

const ids = {} as Record<'author' | 'editor' | 'other', string>;

async function user(role: Role): Promise<string> {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const [u] = await db
    .insert(users)
    .values({ email: `${role}-${tag}@example.com`, handle: `${role}-${tag}`, name: `${role} ${tag}`, role, emailVerified: new Date() })
    .returning({ id: users.id });
  return u.id;
}

const form = (o: Record<string, unknown>) => articleFormSchema.parse(o);
/** Unique per run: the Postgres test database may keep rows from an earlier run. */
const run = randomUUID().slice(0, 6);

beforeAll(async () => {
  ids.author = await user('author');
  ids.editor = await user('editor');
  ids.other = await user('author');
});

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('articles in the newsroom', () => {
  it('an author drafts and submits; only an editor schedules; a past time is refused with a field error', async () => {
    const { createArticle, saveArticle } = await import('./articles');
    actAs(ids.author);
    const body = 'First paragraph.\n\nThe passage readers will discuss.';
    const a = await createArticle(
      form({
        title: `A test piece ${run}`,
        bodySource: body,
        fpQuote: ['The passage readers will discuss.'],
        fpQuestion: ['Agree?'],
        intent: 'submit',
      }),
    );
    expect(a.status).toBe('draft');
    expect(a.slug).toBe(`a-test-piece-${run}`);
    const db = await getDb();
    expect(await db.select().from(feedbackPoints).where(eq(feedbackPoints.articleId, a.id))).toHaveLength(1);
    await expect(
      saveArticle(
        a.id,
        a.version,
        form({ title: `A test piece ${run}`, bodySource: body, status: 'scheduled', publishAt: '2099-01-01T10:00' }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);

    actAs(ids.other);
    await expect(saveArticle(a.id, a.version, form({ title: 'Hijack', bodySource: body }))).rejects.toBeInstanceOf(ForbiddenError);

    actAs(ids.editor);
    const past = saveArticle(
      a.id,
      a.version,
      form({ title: `A test piece ${run}`, bodySource: body, status: 'scheduled', publishAt: '2020-01-01T10:00' }),
    );
    await expect(past).rejects.toMatchObject({ fieldErrors: { publishAt: [expect.stringMatching(/in the past/)] } });
    const s = await saveArticle(
      a.id,
      a.version,
      form({ title: `A test piece ${run}`, bodySource: body, status: 'scheduled', publishAt: '2099-01-01T10:00', tzOffset: 0 }),
    );
    expect(s.status).toBe('scheduled');
    const [row] = await db.select().from(articles).where(eq(articles.id, a.id));
    expect(row.publishedAt!.toISOString()).toBe('2099-01-01T10:00:00.000Z');
    expect(row.submittedAt).toBeNull();
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, a.id));
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['article.submit', 'article.schedule']));
    expect(audit.find((e) => e.action === 'article.schedule')!.actorId).toBe(ids.editor);
  });

  it('a stale save conflicts, carries the saved text and changes nothing; an old slug is kept as a redirect', async () => {
    const { createArticle, saveArticle, ArticleConflictError } = await import('./articles');
    actAs(ids.editor);
    const a = await createArticle(form({ title: `Conflict piece ${run}`, bodySource: 'Original.' }));
    const first = await saveArticle(
      a.id,
      a.version,
      form({ title: `Conflict piece ${run}`, slug: `conflict-piece-renamed-${run}`, bodySource: 'First editor.' }),
    );
    const stale = saveArticle(a.id, a.version, form({ title: `Conflict piece ${run}`, bodySource: 'Second editor.' }));
    await expect(stale).rejects.toBeInstanceOf(ArticleConflictError);
    await stale.catch((e: InstanceType<typeof ArticleConflictError>) => {
      expect(e.current.bodySource).toBe('<p>First editor.</p>');
      expect(e.current.version).toBe(first.version);
    });
    const db = await getDb();
    const [row] = await db.select().from(articles).where(eq(articles.id, a.id));
    expect(row.bodySource).toBe('<p>First editor.</p>');
    const [redirect] = await db
      .select()
      .from(articleSlugRedirects)
      .where(and(eq(articleSlugRedirects.oldSlug, `conflict-piece-${run}`), eq(articleSlugRedirects.articleId, a.id)));
    expect(redirect).toBeTruthy();
    // Overwrite = a save over the version the conflict reported.
    const over = await saveArticle(
      a.id,
      first.version,
      form({ title: `Conflict piece ${run}`, bodySource: 'Second editor.', intent: 'overwrite' }),
    );
    expect(over.version).toBe(first.version + 1);
  });

  it('stores the editor HTML sanitized, as both source and body; a selected passage anchors a feedback point', async () => {
    const { createArticle, getArticleForEdit } = await import('./articles');
    actAs(ids.editor);
    const html =
      '<h2>What changed</h2><p>The <strong>harbour</strong> board <em>voted</em> on Tuesday.</p>' +
      '<p class="MsoNormal" style="color:red" onclick="x()">Fishing boats wait for the tide.<script>alert(1)</script></p>' +
      '<aside class="pull-quote"><p>Nobody asked us.</p></aside><aside class="link-card"><a href="https://example.org/r">example.org</a></aside>';
    const a = await createArticle(
      form({ title: `Rich piece ${run}`, bodySource: html, fpQuote: ['Fishing boats wait for the tide.'], fpQuestion: ['Seen it?'] }),
    );
    const db = await getDb();
    const [row] = await db.select().from(articles).where(eq(articles.id, a.id));
    expect(row.body).toBe(row.bodySource);
    expect(row.body).toContain(
      '<h2>What changed</h2>\n<p>The <strong>harbour</strong> board <em>voted</em> on Tuesday.</p>\n<p>Fishing boats wait for the tide.</p>',
    );
    expect(row.body).toContain('<aside class="pull-quote"><p>Nobody asked us.</p>');
    expect(row.body).not.toMatch(/script|onclick|MsoNormal|style=/);
    const edit = await getArticleForEdit(a.id);
    expect(edit.bodySource).toBe(row.body);
    expect(edit.feedbackPoints.map((p) => p.quote)).toEqual(['Fishing boats wait for the tide.']);
    const [fp] = await db.select().from(feedbackPoints).where(eq(feedbackPoints.articleId, a.id));
    // Context comes from the article's text as readers' browsers see it (lib/anchoring): blocks end in a newline.
    expect(fp.prefix).toMatch(/on Tuesday\.\n$/);
  });

  it('a feedback point’s passage survives edits around it and inside it; deleting the passage is refused with a message', async () => {
    const { createArticle, getArticleForEdit, saveArticle } = await import('./articles');
    actAs(ids.editor);
    const title = `Tide piece ${run}`;
    const html = (p: string) => `<p>The harbour board met on Tuesday.</p><p>${p}</p><p>More later.</p>`;
    const a = await createArticle(
      form({
        title,
        bodySource: html('At dawn the fishing boats wait for the tide to turn.'),
        fpQuote: ['fishing boats wait for the tide'],
        fpQuestion: ['Seen it?'],
      }),
    );
    const point = async () => (await getArticleForEdit(a.id)).feedbackPoints;
    const [fp] = await point();
    const save = async (version: number, p: string) =>
      saveArticle(
        a.id,
        version,
        form({
          title,
          bodySource: html(p),
          fpId: [fp.id],
          fpQuote: [fp.quote],
          fpQuestion: ['Seen it?'],
        }),
      );
    // A word next to the passage, then a word inside it: the point follows, with the passage as it now reads.
    const v2 = await save(a.version, 'Each morning the fishing boats wait for the tide to turn.');
    expect((await point()).map((p) => [p.id, p.quote])).toEqual([[fp.id, 'fishing boats wait for the tide']]);
    const v3 = await save(v2.version, 'Each morning the fishing boats wait for the high tide to turn.');
    expect((await point()).map((p) => [p.id, p.quote])).toEqual([[fp.id, 'fishing boats wait for the high tide']]);
    // The passage deleted: the save is refused and says which passage.
    const err = await save(v3.version, 'The boats were sold.').catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/“fishing boats wait for the high tide” was taken out of the text/);
  });

  it('data migration 0005 makes every old Markdown source the HTML readers see, idempotently', async () => {
    const db = await getDb();
    const [old] = await db
      .insert(articles)
      .values({
        slug: `old-markdown-${run}`,
        title: 'Old',
        body: '<h2>Old</h2>\n<p>Some <em>text</em>.</p>',
        bodySource: '## Old\n\nSome *text*.',
        createdBy: ids.editor,
      })
      .returning();
    const [seeded] = await db
      .insert(articles)
      .values({ slug: `old-seeded-${run}`, title: 'Seeded', body: '<p>Seeded.</p>', bodySource: null })
      .returning();
    const [rev] = await db
      .insert(articleRevisions)
      .values({
        articleId: old.id,
        version: 1,
        title: 'Old',
        dek: '',
        body: old.body,
        bodySource: '## Old\n\nSome *text*.',
        editorId: ids.editor,
      })
      .returning();
    const statements = migrationDataStatements('0005_rich_text_bodies.sql');
    expect(statements).toHaveLength(2);
    for (let i = 0; i < 2; i++) for (const st of statements) await db.execute(sql.raw(st));
    const get = async (id: string) => (await db.select().from(articles).where(eq(articles.id, id)))[0];
    expect((await get(old.id)).bodySource).toBe('<h2>Old</h2>\n<p>Some <em>text</em>.</p>');
    expect((await get(seeded.id)).bodySource).toBe('<p>Seeded.</p>');
    const [r] = await db.select().from(articleRevisions).where(eq(articleRevisions.id, rev.id));
    expect(r.bodySource).toBe(old.body);
  });

  it('refuses a duplicate slug with a field error', async () => {
    const { createArticle } = await import('./articles');
    actAs(ids.editor);
    await createArticle(form({ title: 'Unique one', slug: `unique-one-${run}` }));
    await expect(createArticle(form({ title: 'Another', slug: `unique-one-${run}` }))).rejects.toMatchObject({
      fieldErrors: { slug: [expect.stringMatching(/already used/)] },
    });
  });
});

describe('image uploads', () => {
  it('re-encodes a real image to WebP variants and refuses text, SVG and oversized files', async () => {
    const { processImageUpload, MAX_UPLOAD_BYTES } = await import('@/lib/media');
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const img = await processImageUpload(png);
    expect(img.mime).toBe('image/webp');
    expect(img.variants.map((v) => v.width)).toEqual([320, 640, 1024, 1200]);
    for (const v of img.variants) {
      const meta = await sharp(path.join(tmp, 'media', v.path)).metadata();
      expect(meta.format).toBe('webp');
    }
    await expect(processImageUpload(Buffer.from('just some notes\n'))).rejects.toThrow(/not an image/);
    await expect(
      processImageUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ).rejects.toThrow(/SVG/);
    await expect(processImageUpload(Buffer.alloc(MAX_UPLOAD_BYTES + 1))).rejects.toBeInstanceOf(UserError);
    await expect(processImageUpload(Buffer.alloc(MAX_UPLOAD_BYTES + 1))).rejects.toThrow(/at most 10 MB/);
  });

  it('keeps an image that an article still uses; deletes it once unused', async () => {
    const { uploadMedia, deleteMedia } = await import('./media');
    const { createArticle, saveArticle } = await import('./articles');
    actAs(ids.editor);
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#aa3311' } })
      .png()
      .toBuffer();
    const m = await uploadMedia(png, 'Red square');
    const a = await createArticle(form({ title: `With a cover ${run}`, coverImage: `/media/${m.key}` }));
    await expect(deleteMedia(m.id)).rejects.toThrow(new RegExp(`still used by “With a cover ${run}”`));
    // Placed in the text by the editor instead: still in use, and readers get its responsive sizes.
    const inText = await saveArticle(
      a.id,
      a.version,
      form({
        title: `With a cover ${run}`,
        coverImage: '',
        bodySource: `<figure><img src="/media/${m.key}" alt="Red square"><figcaption>Red</figcaption></figure>`,
      }),
    );
    const [withImage] = await (await getDb()).select().from(articles).where(eq(articles.id, a.id));
    expect(withImage.body).toMatch(/srcset="\/media\/[^"]+-320\.webp 320w, \/media\/[^"]+-400\.webp 400w"/);
    await expect(deleteMedia(m.id)).rejects.toThrow(/still used/);
    await saveArticle(a.id, inText.version, form({ title: `With a cover ${run}`, coverImage: '', bodySource: '<p>No image.</p>' }));
    await expect(deleteMedia(m.id)).resolves.toEqual({ id: m.id });
    expect(fs.existsSync(path.join(tmp, 'media', m.key))).toBe(false);
  });
});
