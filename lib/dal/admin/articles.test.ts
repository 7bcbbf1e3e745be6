import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actAs } from '@/lib/testing/fake-auth';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articleSlugRedirects, articles, auditLog, feedbackPoints, users, type Role } from '@/db/schema';
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
  const [u] = await db.insert(users).values({ email: `${role}-${tag}@example.com`, handle: `${role}-${tag}`, name: `${role} ${tag}`, role, emailVerified: new Date() })
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
    const a = await createArticle(form({ title: `A test piece ${run}`, bodySource: body, fpQuote: ['The passage readers will discuss.'], fpQuestion: ['Agree?'], intent: 'submit' }));
    expect(a.status).toBe('draft');
    expect(a.slug).toBe(`a-test-piece-${run}`);
    const db = await getDb();
    expect(await db.select().from(feedbackPoints).where(eq(feedbackPoints.articleId, a.id))).toHaveLength(1);
    await expect(saveArticle(a.id, a.version, form({ title: `A test piece ${run}`, bodySource: body, status: 'scheduled', publishAt: '2099-01-01T10:00' })))
      .rejects.toBeInstanceOf(ForbiddenError);

    actAs(ids.other);
    await expect(saveArticle(a.id, a.version, form({ title: 'Hijack', bodySource: body }))).rejects.toBeInstanceOf(ForbiddenError);

    actAs(ids.editor);
    const past = saveArticle(a.id, a.version, form({ title: `A test piece ${run}`, bodySource: body, status: 'scheduled', publishAt: '2020-01-01T10:00' }));
    await expect(past).rejects.toMatchObject({ fieldErrors: { publishAt: [expect.stringMatching(/in the past/)] } });
    const s = await saveArticle(a.id, a.version, form({ title: `A test piece ${run}`, bodySource: body, status: 'scheduled', publishAt: '2099-01-01T10:00', tzOffset: 0 }));
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
    const first = await saveArticle(a.id, a.version, form({ title: `Conflict piece ${run}`, slug: `conflict-piece-renamed-${run}`, bodySource: 'First editor.' }));
    const stale = saveArticle(a.id, a.version, form({ title: `Conflict piece ${run}`, bodySource: 'Second editor.' }));
    await expect(stale).rejects.toBeInstanceOf(ArticleConflictError);
    await stale.catch((e: InstanceType<typeof ArticleConflictError>) => {
      expect(e.current.bodySource).toBe('First editor.');
      expect(e.current.version).toBe(first.version);
    });
    const db = await getDb();
    const [row] = await db.select().from(articles).where(eq(articles.id, a.id));
    expect(row.bodySource).toBe('First editor.');
    const [redirect] = await db.select().from(articleSlugRedirects).where(and(eq(articleSlugRedirects.oldSlug, `conflict-piece-${run}`), eq(articleSlugRedirects.articleId, a.id)));
    expect(redirect).toBeTruthy();
    // Overwrite = a save over the version the conflict reported.
    const over = await saveArticle(a.id, first.version, form({ title: `Conflict piece ${run}`, bodySource: 'Second editor.', intent: 'overwrite' }));
    expect(over.version).toBe(first.version + 1);
  });

  it('refuses a duplicate slug with a field error', async () => {
    const { createArticle } = await import('./articles');
    actAs(ids.editor);
    await createArticle(form({ title: 'Unique one', slug: `unique-one-${run}` }));
    await expect(createArticle(form({ title: 'Another', slug: `unique-one-${run}` }))).rejects.toMatchObject({ fieldErrors: { slug: [expect.stringMatching(/already used/)] } });
  });
});

describe('image uploads', () => {
  it('re-encodes a real image to WebP variants and refuses text, SVG and oversized files', async () => {
    const { processImageUpload, MAX_UPLOAD_BYTES } = await import('@/lib/media');
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } }).png().toBuffer();
    const img = await processImageUpload(png);
    expect(img.mime).toBe('image/webp');
    expect(img.variants.map((v) => v.width)).toEqual([320, 640, 1024, 1200]);
    for (const v of img.variants) {
      const meta = await sharp(path.join(tmp, 'media', v.path)).metadata();
      expect(meta.format).toBe('webp');
    }
    await expect(processImageUpload(Buffer.from('just some notes\n'))).rejects.toThrow(/not an image/);
    await expect(processImageUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).rejects.toThrow(/SVG/);
    await expect(processImageUpload(Buffer.alloc(MAX_UPLOAD_BYTES + 1))).rejects.toBeInstanceOf(UserError);
    await expect(processImageUpload(Buffer.alloc(MAX_UPLOAD_BYTES + 1))).rejects.toThrow(/at most 10 MB/);
  });

  it('keeps an image that an article still uses; deletes it once unused', async () => {
    const { uploadMedia, deleteMedia } = await import('./media');
    const { createArticle, saveArticle } = await import('./articles');
    actAs(ids.editor);
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#aa3311' } }).png().toBuffer();
    const m = await uploadMedia(png, 'Red square');
    const a = await createArticle(form({ title: `With a cover ${run}`, coverImage: `/media/${m.key}` }));
    await expect(deleteMedia(m.id)).rejects.toThrow(new RegExp(`still used by “With a cover ${run}”`));
    await saveArticle(a.id, a.version, form({ title: `With a cover ${run}`, coverImage: '' }));
    await expect(deleteMedia(m.id)).resolves.toEqual({ id: m.id });
    expect(fs.existsSync(path.join(tmp, 'media', m.key))).toBe(false);
  });
});
