import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articles, campaigns, comments, pledges } from '@/db/schema';
import { makeArticle, makeUsers, relaxPostingRules, uniqueKey } from '@/lib/testing/comment-fixtures';
import { deleteComment } from './editing';
import { hashBody } from './duplicates';
import { getCommentContext, getCommentContextCached } from './permalinks';
import { postComment } from './posting';
import { getThreadPage, loadReplies, loadThreadPage } from './reads';
import { getOwnCommentBodies } from './viewer';

// The cached reads (getThreadPage) run here as plain functions.
vi.mock('next/cache', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/cache')>()),
  cacheTag: () => {},
  cacheLife: () => {},
}));

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

describe('keyset paging', () => {
  it('pages through every top-level comment exactly once in each sort, ties included', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const db = await getDb();
    const base = Date.now() - 86_400_000;
    // 37 comments, several sharing a timestamp and a score, inserted out of time order.
    const values = Array.from({ length: 37 }, (_, i) => ({
      articleId: article.id,
      authorId: u.id,
      body: `c${i}`,
      bodyHtml: `<p>c${i}</p>`,
      contentHash: hashBody(`c${i}`),
      createdAt: new Date(base + ((i * 7) % 37) * 1000 - (i % 5 === 0 ? 1000 : 0)),
      score: i % 4,
    }));
    const rows = await db
      .insert(comments)
      .values(values)
      .returning({ id: comments.id, createdAt: comments.createdAt, score: comments.score });
    await db.update(comments).set({ rootId: comments.id }).where(eq(comments.articleId, article.id));

    for (const [sort, cmp] of [
      ['newest', (a: (typeof rows)[0], b: (typeof rows)[0]) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id],
      ['oldest', (a: (typeof rows)[0], b: (typeof rows)[0]) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id],
      ['top', (a: (typeof rows)[0], b: (typeof rows)[0]) => b.score - a.score || b.id - a.id],
    ] as const) {
      const seen: number[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = await loadThreadPage(article.id, sort, after, 10);
        seen.push(...page.threads.map((t) => t.id));
        after = page.next;
        pages++;
      } while (after && pages < 10);
      expect(pages).toBe(4);
      expect(seen).toEqual([...rows].sort(cmp).map((r) => r.id));
    }
  });

  it('puts pinned comments first on the first page of every sort, and only there', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const db = await getDb();
    const base = Date.now() - 86_400_000;
    const rows = await db
      .insert(comments)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          articleId: article.id,
          authorId: u.id,
          body: `p${i}`,
          bodyHtml: `<p>p${i}</p>`,
          contentHash: hashBody(`p${i}`),
          createdAt: new Date(base + i * 60_000),
          score: i,
        })),
      )
      .returning({ id: comments.id });
    await db.update(comments).set({ rootId: comments.id }).where(eq(comments.articleId, article.id));
    // The oldest and lowest-scored one is pinned, and a middle one: neither would lead any sort by itself.
    const pinnedIds = [rows[5].id, rows[0].id];
    await db
      .update(comments)
      .set({ pinned: true })
      .where(sql`${comments.id} in (${rows[0].id}, ${rows[5].id})`);
    for (const sort of ['newest', 'oldest', 'top'] as const) {
      const first = await loadThreadPage(article.id, sort, null, 4);
      expect(first.threads.slice(0, 2).map((t) => t.id)).toEqual(pinnedIds);
      expect(first.threads[0].pinned).toBe(true);
      const seen = first.threads.map((t) => t.id);
      for (let after = first.next; after;) {
        const page = await loadThreadPage(article.id, sort, after, 4);
        seen.push(...page.threads.map((t) => t.id));
        after = page.next;
      }
      expect(seen.filter((id) => pinnedIds.includes(id))).toHaveLength(2);
      expect(new Set(seen).size).toBe(12);
    }
  });

  it('pages replies and nests first replies under each thread', async () => {
    const users2 = await makeUsers(2);
    const article = await makeArticle();
    const root = await postComment(users2[0], { articleId: article.id, body: 'Root' });
    const ids: number[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await postComment(users2[i % 2], { articleId: article.id, parentId: root.id, body: `Reply ${i}` })).id);
    const deep = await postComment(users2[1], { articleId: article.id, parentId: ids[0], body: 'Deeper' });
    const first = await loadReplies(root.id, null);
    expect(first.replies.map((r) => r.id)).toEqual(ids.slice(0, 20));
    expect(first.replies[0].replies.map((r) => r.id)).toEqual([deep.id]);
    const second = await loadReplies(root.id, first.next);
    expect(second.replies.map((r) => r.id)).toEqual(ids.slice(20));
    expect(second.next).toBeNull();

    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads[0].id).toBe(root.id);
    expect(page.threads[0].replyCount).toBe(25);
    expect(page.threads[0].replies).toHaveLength(3);
    expect(page.threads[0].moreReplies).not.toBeNull();
    const [a] = await (await getDb()).select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(a.n).toBe(27);
  });

  it('opens a permalink of a deep comment with the path expanded', async () => {
    const [u1, u2] = await makeUsers(2);
    const article = await makeArticle();
    let parent = await postComment(u1, { articleId: article.id, body: 'Level 0' });
    const chain = [parent.id];
    for (let d = 1; d <= 7; d++) {
      // Siblings first, so the chain is not among the first replies.
      for (let s = 0; s < 4; s++)
        await postComment(d % 2 ? u2 : u1, { articleId: article.id, parentId: parent.id, body: `Sibling ${d}.${s}` });
      parent = await postComment(d % 2 ? u2 : u1, { articleId: article.id, parentId: parent.id, body: `Level ${d}` });
      chain.push(parent.id);
    }
    const ctx = await getCommentContext(chain[7]);
    expect(ctx).not.toBeNull();
    // maxReplyDepth 4: depth 7 is shown from its ancestor at depth 5.
    expect(ctx!.view.id).toBe(chain[5]);
    expect(ctx!.above.map((a) => a.id)).toEqual(chain.slice(0, 5));
    expect(ctx!.view.replies.some((r) => r.id === chain[6])).toBe(true);
    const six = ctx!.view.replies.find((r) => r.id === chain[6])!;
    expect(six.replies.some((r) => r.id === chain[7])).toBe(true);
  });
});

/** A pledge staff marked received, by this user's account, to a campaign of its own. */
async function receivedPledge(userId: string, extra: Partial<typeof pledges.$inferInsert> = {}) {
  const db = await getDb();
  const [campaign] = await db
    .insert(campaigns)
    .values({ slug: `fund-${uniqueKey()}`, title: 'Fund', goalCents: 100_000 })
    .returning();
  await db.insert(pledges).values({
    campaignId: campaign.id,
    userId,
    email: `p-${uniqueKey()}@example.com`,
    amountCents: 1000,
    currency: 'USD',
    status: 'received',
    idempotencyKey: `k-${uniqueKey()}`,
    ...extra,
  });
}

describe('what the cached thread carries', () => {
  it('marks supporters in the cached page itself (badge in the markup), and nobody else', async () => {
    const [fan, other] = await makeUsers(2);
    const article = await makeArticle();
    await receivedPledge(fan.id);
    const top = await postComment(fan, { articleId: article.id, body: 'From a supporter' });
    await postComment(other, { articleId: article.id, body: 'Reply from a reader', parentId: top.id });
    const page = await getThreadPage(article.id, 'newest');
    expect(page.threads[0]).toMatchObject({ authorId: fan.id, supporter: true });
    expect(page.threads[0].replies[0]).toMatchObject({ authorId: other.id, supporter: false });
  });

  it('an anonymous pledge does not badge its pledger, on the cached thread nor on the permalink', async () => {
    const [fan, anon] = await makeUsers(2);
    const article = await makeArticle();
    await receivedPledge(fan.id);
    await receivedPledge(anon.id, { anonymous: true, hideAmount: true });
    const named = await postComment(fan, { articleId: article.id, body: 'I gave under my name' });
    const hidden = await postComment(anon, { articleId: article.id, body: 'I gave quietly' });
    const page = await getThreadPage(article.id, 'oldest');
    const badge = (id: number) => page.threads.find((t) => t.id === id)?.supporter;
    expect([badge(named.id), badge(hidden.id)]).toEqual([true, false]);
    expect((await getCommentContextCached(hidden.id))?.target.supporter).toBe(false);
    expect((await getCommentContextCached(named.id))?.target.supporter).toBe(true);
  });

  it("hands the edit source only of the viewer's own live comments", async () => {
    const [me, other] = await makeUsers(2);
    const article = await makeArticle();
    const mine = await postComment(me, { articleId: article.id, body: 'My **own** words' });
    const gone = await postComment(me, { articleId: article.id, body: 'Soon deleted' });
    const theirs = await postComment(other, { articleId: article.id, body: 'Not mine' });
    await deleteComment(me, gone.id);
    expect(await getOwnCommentBodies(me.id, [mine.id, gone.id, theirs.id])).toEqual({ [mine.id]: 'My **own** words' });
    expect(await getOwnCommentBodies(me.id, [])).toEqual({});
  });
});
