/**
 * The comment actions as a browser calls them (a real user behind the fake session), for what a reader
 * sees: the messages, where a plain form post lands, and no 500 for hostile input.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { actAs } from '@/lib/testing/fake-auth';
import { closeDatabase, getDb } from '@/db/client';
import { articles, comments, commentVotes, settings, users } from '@/db/schema';
import { formData as form, redirectOf } from '@/lib/testing/forms';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
vi.mock('next/cache', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/cache')>()),
  updateTag: () => {},
  revalidateTag: () => {},
  refresh: () => {},
  cacheTag: () => {},
  cacheLife: () => {},
}));
// With JavaScript the browser sends a Next-Action header; a plain form post does not.
let javascript = true;
vi.mock('next/headers', () => ({
  headers: async () => new Headers(javascript ? { 'next-action': 'test' } : {}),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));

const { flagCommentAction, postCommentAction, voteAction, voteFormAction } = await import('./comments');
const { loadMoreThreadsAction, viewerThreadStateAction } = await import('./comment-threads');
const { unsubscribeAction } = await import('./subscriptions');
const { updateSettings } = await import('@/lib/dal/admin/settings');
const { siteSettingsFormSchema } = await import('@/lib/validation/admin');

afterAll(() => closeDatabase());

const run = Math.random().toString(36).slice(2, 8);
let n = 0;
async function makeUser(extra: Partial<typeof users.$inferInsert> = {}) {
  const k = `${run}${++n}`;
  const [u] = await (
    await getDb()
  )
    .insert(users)
    .values({ email: `a${k}@example.com`, handle: `a${k}`, name: `A ${k}`, emailVerified: new Date(), ...extra })
    .returning();
  return u;
}
let articleId = '';
let slug = '';

/** Where a redirect() inside the action pointed (it throws NEXT_REDIRECT with the URL in its digest). */

const initial = { ok: false };

beforeAll(async () => {
  const db = await getDb();
  await db
    .insert(settings)
    .values({ key: 'commentIntervalSeconds', value: 0 })
    .onConflictDoUpdate({ target: settings.key, set: { value: 0 } });
  const [a] = await db
    .insert(articles)
    .values({
      slug: `actions-${run}`,
      title: 'Actions',
      body: '<p>Body</p>',
      status: 'published',
      publishedAt: new Date(Date.now() - 3600_000),
    })
    .returning();
  articleId = a.id;
  slug = a.slug;
});

describe('an unverified reader', () => {
  it('is told to verify before voting, with JavaScript (message + link) and without (a page that says why)', async () => {
    const author = await makeUser();
    actAs(author.id);
    const posted = await redirectOf(postCommentAction(initial, form({ articleId, body: 'Vote for me', back: `/article/${slug}` })));
    const id = Number(/#comment-(\d+)$/.exec(posted)![1]);

    const puppet = await makeUser({ emailVerified: null });
    actAs(puppet.id);
    const state = (await viewerThreadStateAction(articleId, [id]))!;
    expect(state.viewer).toMatchObject({ verified: false });
    expect(state.unverifiedComments).toBe('hold');

    javascript = true;
    expect(await voteAction(id, 1)).toEqual({ ok: false, message: 'Verify your email address to vote.', needsVerification: true });
    javascript = false;
    const to = await redirectOf(voteFormAction(form({ commentId: String(id), value: '1', back: `/article/${slug}` })));
    expect(to).toBe(`/account/verify?for=vote&back=${encodeURIComponent(`/article/${slug}`)}`);
    javascript = true;
    expect(await (await getDb()).select().from(commentVotes).where(eq(commentVotes.commentId, id))).toHaveLength(0);
  });

  it('hears that their comment is held and why; without JavaScript they land on the page that says so', async () => {
    const puppet = await makeUser({ emailVerified: null });
    actAs(puppet.id);
    javascript = true;
    const r = await postCommentAction(initial, form({ articleId, body: 'First post from a new account', back: `/article/${slug}` }));
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/held for review: Your email address is not verified yet\. .*Verify your email address/);
    javascript = false;
    const to = await redirectOf(
      postCommentAction(initial, form({ articleId, body: 'Second post from a new account', back: `/article/${slug}` })),
    );
    expect(to).toMatch(/^\/account\/verify\?for=comment-held&back=/);
    javascript = true;
    const rows = await (await getDb()).select({ status: comments.status }).from(comments).where(eq(comments.authorId, puppet.id));
    expect(rows.map((x) => x.status)).toEqual(['pending', 'pending']);
  });

  it('is refused, keeping the text, once an admin sets "refuse" in the moderation settings', async () => {
    const admin = await makeUser({ role: 'admin' });
    actAs(admin.id);
    const base = {
      linkLimit: '2',
      editWindowMinutes: '15',
      maxReplyDepth: '4',
      commentIntervalSeconds: '0',
      newAccountDailyCap: '20',
      paymentInstructions: 'Pay.',
    };
    expect(siteSettingsFormSchema.safeParse({ ...base, unverifiedComments: 'maybe' }).success).toBe(false);
    await updateSettings({
      unverifiedComments: siteSettingsFormSchema.parse({ ...base, unverifiedComments: 'refuse' }).unverifiedComments,
    });
    try {
      // A save that does not name the setting keeps it.
      await updateSettings({ linkLimit: 3, unverifiedComments: undefined });
      const puppet = await makeUser({ emailVerified: null });
      actAs(puppet.id);
      expect((await viewerThreadStateAction(articleId, []))!.unverifiedComments).toBe('refuse');
      const r = await postCommentAction(initial, form({ articleId, body: 'Let me in', back: `/article/${slug}` }));
      expect(r).toMatchObject({
        ok: false,
        message: expect.stringMatching(/Verify your email address to comment/),
        values: { body: 'Let me in' },
      });
      javascript = false;
      expect(await redirectOf(postCommentAction(initial, form({ articleId, body: 'Let me in', back: `/article/${slug}` })))).toMatch(
        /for=comment-refused/,
      );
      javascript = true;
      expect(await (await getDb()).select().from(comments).where(eq(comments.authorId, puppet.id))).toHaveLength(0);
    } finally {
      actAs(admin.id);
      await updateSettings({ unverifiedComments: 'hold', linkLimit: 2 });
    }
  });
});

describe('hostile input', () => {
  it('answers a NUL byte with a message, not a server error', async () => {
    const u = await makeUser();
    actAs(u.id);
    const r = await postCommentAction(initial, form({ articleId, body: 'nul\u0000byte', back: `/article/${slug}` }));
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/invisible control characters/),
      values: { body: 'nul\u0000byte' },
    });
  });

  it('answers a NUL byte in a report note or an unsubscribe token with a message, not a server error', async () => {
    const u = await makeUser();
    actAs(u.id);
    expect(await flagCommentAction(initial, form({ commentId: '1', reason: 'spam', note: 'x\u0000y' }))).toMatchObject({ ok: false });
    expect(await unsubscribeAction(initial, form({ token: 's_abc\u0000def' }))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid/),
    });
  });

  it('answers a forged "load more" cursor with an empty page', async () => {
    const forged = Buffer.from(JSON.stringify(['2026-13-45 25:61:61+00', 1])).toString('base64url');
    expect(await loadMoreThreadsAction(articleId, 'newest', forged)).toEqual({ threads: [], next: null });
    expect(await loadMoreThreadsAction(articleId, 'top', 'garbage')).toEqual({ threads: [], next: null });
  });
});

describe('the viewer state loaded after the cached thread', () => {
  it("carries the viewer's votes and the sources of their own comments, and nothing for a guest", async () => {
    const author = await makeUser();
    actAs(author.id);
    javascript = true;
    const mineTo = await redirectOf(postCommentAction(initial, form({ articleId, body: 'Mine to *edit*', back: `/article/${slug}` })));
    const mine = Number(/#comment-(\d+)$/.exec(mineTo)![1]);
    const other = await makeUser();
    actAs(other.id);
    const theirsTo = await redirectOf(postCommentAction(initial, form({ articleId, body: 'Somebody else', back: `/article/${slug}` })));
    const theirs = Number(/#comment-(\d+)$/.exec(theirsTo)![1]);
    actAs(author.id);
    expect(await voteAction(theirs, -1)).toMatchObject({ ok: true, value: -1 });
    const state = (await viewerThreadStateAction(articleId, [mine, theirs]))!;
    expect(state.votes).toEqual({ [theirs]: -1 });
    expect(state.own).toEqual({ [mine]: 'Mine to *edit*' });
    actAs(null);
    expect(await viewerThreadStateAction(articleId, [mine, theirs])).toMatchObject({ viewer: null, votes: {}, own: {} });
    // A refused call answers null (the page keeps what it has), not the signed-out state.
    expect(await viewerThreadStateAction('', [mine])).toBeNull();
  });
});
