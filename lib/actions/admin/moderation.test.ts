/**
 * The queue's bulk form through the real server action and DAL on a real database: "select all on this
 * page" (a plain checkbox, so it works without JavaScript), reject with a reason, and the refusals.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { actAs } from '@/lib/testing/fake-auth';
import { closeDatabase, getDb } from '@/db/client';
import { articles, comments, users, type Role } from '@/db/schema';
import { listModerationQueue } from '@/lib/dal/admin/moderation';
import { moderateCommentsAction } from './moderation';
import { formData as form } from '@/lib/testing/forms';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
// With JavaScript the browser sends a Next-Action header; a plain form post does not, and gets its result as a flash cookie.
let javascript = true;
const flashed: { name: string; value: string }[] = [];
vi.mock('next/headers', () => ({
  headers: async () => new Headers(javascript ? { 'next-action': 'test' } : {}),
  cookies: async () => ({
    get: () => undefined,
    set: (name: string, value: string) => {
      flashed.push({ name, value });
    },
  }),
}));

afterAll(() => closeDatabase());

const tag = randomUUID().slice(0, 6);
let moderator = '';
let author = '';
let articleId = '';

async function makeUser(name: string, role: Role) {
  const db = await getDb();
  const [u] = await db
    .insert(users)
    .values({ email: `${name}-${tag}@example.com`, handle: `${name}-${tag}`, name, role, emailVerified: new Date() })
    .returning({ id: users.id });
  return u.id;
}

async function held(body: string) {
  const db = await getDb();
  const [c] = await db
    .insert(comments)
    .values({
      articleId,
      authorId: author,
      body,
      bodyHtml: `<p>${body}</p>`,
      status: 'pending',
      holdReason: 'Fixture',
      contentHash: randomUUID(),
      anchor: { prefix: 'the ', exact: 'harbour budget', suffix: ' was' },
    })
    .returning({ id: comments.id });
  return c.id;
}

async function statuses(ids: number[]) {
  const db = await getDb();
  const rows = await db
    .select({ id: comments.id, status: comments.status, rejectReason: comments.rejectReason })
    .from(comments)
    .where(inArray(comments.id, ids))
    .orderBy(comments.id);
  return rows.map(({ status, rejectReason }) => ({ status, rejectReason }));
}

beforeAll(async () => {
  moderator = await makeUser('mod', 'moderator');
  author = await makeUser('author', 'reader');
  const db = await getDb();
  const [a] = await db
    .insert(articles)
    .values({ slug: `bulk-${tag}`, title: 'Bulk test', dek: 'What the harbour costs', status: 'published', publishedAt: new Date() })
    .returning({ id: articles.id });
  articleId = a.id;
  actAs(moderator);
});

describe('the bulk moderation form', () => {
  it('"select all on this page" rejects every comment the page showed, with the reason, even with no box ticked', async () => {
    const ids = [await held('One'), await held('Two'), await held('Three')];
    const r = await moderateCommentsAction(
      undefined,
      form({ all: 'on', pageIds: ids.map(String), action: 'reject', reason: 'Off topic.' }),
    );
    expect(r).toMatchObject({ ok: true, message: 'Rejected with your reason: 3 comments.' });
    expect(await statuses(ids)).toEqual(ids.map(() => ({ status: 'trash', rejectReason: 'Off topic.' })));
  });

  it('without "select all" it acts on the ticked comments only', async () => {
    const ids = [await held('Four'), await held('Five')];
    const r = await moderateCommentsAction(undefined, form({ ids: [String(ids[1])], pageIds: ids.map(String), action: 'approve' }));
    expect(r).toMatchObject({ ok: true, message: 'Approved: 1 comment.' });
    expect(await statuses(ids)).toEqual([
      { status: 'pending', rejectReason: null },
      { status: 'approved', rejectReason: null },
    ]);
  });

  it('without JavaScript the result is kept for the queue page that answers the post', async () => {
    const id = await held('Eight');
    javascript = false;
    try {
      await moderateCommentsAction(undefined, form({ ids: [String(id)], action: 'spam' }));
    } finally {
      javascript = true;
    }
    const { FLASH_COOKIE } = await import('@/lib/actions/form-flash');
    const cookie = flashed.find((c) => c.name === FLASH_COOKIE)!;
    expect(JSON.parse(Buffer.from(cookie.value, 'base64url').toString())).toMatchObject({
      form: 'moderation',
      state: { ok: true, message: 'Marked as spam: 1 comment.' },
    });
  });

  it('refuses a rejection without a reason and an empty selection, changing nothing', async () => {
    const id = await held('Six');
    const noReason = await moderateCommentsAction(undefined, form({ ids: [String(id)], action: 'reject', reason: '  ' }));
    expect(noReason.ok).toBe(false);
    expect(noReason.fieldErrors?.reason).toEqual(['Give the authors a reason: they see it.']);
    const none = await moderateCommentsAction(undefined, form({ pageIds: [String(id)], action: 'approve' }));
    expect(none).toMatchObject({ ok: false, fieldErrors: { ids: ['Select at least one comment.'] } });
    expect(await statuses([id])).toEqual([{ status: 'pending', rejectReason: null }]);
  });

  it('the queue carries the context shown in place: the article’s dek and the passage commented on', async () => {
    const id = await held('Seven');
    const queue = await listModerationQueue({ tab: 'pending', articleId });
    const item = queue.items.find((i) => i.id === id)!;
    expect(item.articleDek).toBe('What the harbour costs');
    expect(item.anchor).toEqual({ prefix: 'the ', exact: 'harbour budget', suffix: ' was' });
    const db = await getDb();
    await db.delete(comments).where(eq(comments.articleId, articleId));
  });
});
