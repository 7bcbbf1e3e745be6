import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articles, comments } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { now, setNow } from '@/lib/clock';
import { makeArticle, makeUsers, relaxPostingRules, setSetting } from '@/lib/testing/comment-fixtures';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { postComment } from './posting';
import { loadThreadPage } from './reads';

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

describe('hold rules and safety', () => {
  it('holds suspect words, too many links and banned words, each with its reason', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const a = await postComment(u, { articleId: article.id, body: 'This is a scam.' });
    expect(a.status).toBe('pending');
    expect(a.holdReason).toMatch(/scam/);
    const b = await postComment(u, { articleId: article.id, body: 'See https://a.org https://b.org https://c.org' });
    expect(b.holdReason).toMatch(/3 links/);
    const c = await postComment(u, { articleId: article.id, body: 'You slurword.' });
    expect(c.holdReason).toMatch(/banned list/);
    const ok = await postComment(u, { articleId: article.id, body: 'A fine comment with https://a.org and https://b.org' });
    expect(ok.status).toBe('approved');
    const [row] = await (await getDb()).select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(row.n).toBe(1);
  });

  it('refuses duplicates, posting too fast, closed threads and banned users', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    await postComment(u, { articleId: article.id, body: 'Same  text' });
    await expect(postComment(u, { articleId: article.id, body: 'same text' })).rejects.toThrow(/same comment/);

    await setSetting('commentIntervalSeconds', 15);
    try {
      await expect(postComment(u, { articleId: article.id, body: 'Another one' })).rejects.toThrow(/wait \d+ seconds?/);
    } finally {
      await setSetting('commentIntervalSeconds', 0);
    }

    const closed = await makeArticle({ commentsOpen: false });
    await expect(postComment(u, { articleId: closed.id, body: 'Hello' })).rejects.toThrow(/closed/);

    const [banned] = await makeUsers(1, { bannedUntil: new Date(Date.now() + 86_400_000), banReason: 'spamming' });
    await expect(postComment(banned, { articleId: article.id, body: 'Hello' })).rejects.toThrow(/banned until .*spamming/);
  });

  it("takes an article's publication time by the app's clock: one published by an instance running ahead is open at once", async () => {
    const [u] = await makeUsers(1);
    setNow(new Date(Date.now() + 90_000));
    try {
      const article = await makeArticle({ publishedAt: now() });
      const posted = await postComment(u, { articleId: article.id, body: 'First!' });
      expect(posted.status).toBe('approved');
    } finally {
      setNow(null);
    }
    const later = await makeArticle({ status: 'scheduled', publishedAt: new Date(Date.now() + 90_000) });
    await expect(postComment(u, { articleId: later.id, body: 'Too early' })).rejects.toThrow(/does not exist/);
  });

  it('holds a first comment when the setting says so', async () => {
    await setSetting('holdFirstComment', true);
    try {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      const first = await postComment(u, { articleId: article.id, body: 'My very first comment' });
      expect(first.status).toBe('pending');
      expect(first.holdReason).toMatch(/first comment/);
    } finally {
      await setSetting('holdFirstComment', false);
    }
  });
});

describe('sock puppets: unverified accounts', () => {
  it('have their comments held (the default) until a moderator looks, with the reason', async () => {
    const puppets = await makeUsers(3, { emailVerified: null });
    const article = await makeArticle();
    const results = await Promise.all(puppets.map((p, i) => postComment(p, { articleId: article.id, body: `This article is wrong ${i}` })));
    expect(results.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(results[0].holdReason).toMatch(/email address is not verified/);
    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads).toHaveLength(0);
    const [a] = await (await getDb()).select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(a.n).toBe(0);
    // A verified reader's comment goes straight through.
    const [real] = await makeUsers(1);
    expect((await postComment(real, { articleId: article.id, body: 'This article is wrong' })).status).toBe('approved');
  });

  it('are refused when the setting says "refuse", and nothing is stored', async () => {
    await setSetting('unverifiedComments', 'refuse');
    try {
      const [puppet] = await makeUsers(1, { emailVerified: null });
      const article = await makeArticle();
      await expect(postComment(puppet, { articleId: article.id, body: 'Buy my stuff' })).rejects.toThrow(
        /Verify your email address to comment/,
      );
      const rows = await (await getDb()).select().from(comments).where(eq(comments.authorId, puppet.id));
      expect(rows).toHaveLength(0);
    } finally {
      await setSetting('unverifiedComments', 'hold');
    }
  });
});

describe('the cache tags a post dirties', () => {
  const threadAndCounts = (articleId: string) => [TAGS.article(articleId), TAGS.commentCounts, TAGS.comments(articleId)].sort();

  it('an approved comment or reply dirties its thread, its article and the comment counts, and no other article', async () => {
    const [u, other] = await makeUsers(2);
    const article = await makeArticle();
    const top = await recordInvalidations(() => postComment(u, { articleId: article.id, body: 'First thoughts' }));
    expect(top.result.status).toBe('approved');
    expect(top.tags).toEqual(threadAndCounts(article.id));
    const reply = await recordInvalidations(() => postComment(other, { articleId: article.id, parentId: top.result.id, body: 'Agreed' }));
    expect(reply.tags).toEqual(threadAndCounts(article.id));
  });

  it('a held comment dirties nothing public: the cached thread and counts stay as they are', async () => {
    const [puppet] = await makeUsers(1, { emailVerified: null });
    const [reader] = await makeUsers(1);
    const article = await makeArticle();
    const unverified = await recordInvalidations(() => postComment(puppet, { articleId: article.id, body: 'Held for my address' }));
    expect(unverified.result.status).toBe('pending');
    expect(unverified.tags).toEqual([]);
    const suspect = await recordInvalidations(() => postComment(reader, { articleId: article.id, body: 'What a scam.' }));
    expect(suspect.result.status).toBe('pending');
    expect(suspect.tags).toEqual([]);
  });

  it('a refused comment dirties nothing', async () => {
    const [u] = await makeUsers(1);
    const closed = await makeArticle({ commentsOpen: false });
    const r = await recordInvalidations(() => postComment(u, { articleId: closed.id, body: 'Hello' }).catch((e: Error) => e));
    expect(r.result).toBeInstanceOf(Error);
    expect(r.tags).toEqual([]);
  });
});
