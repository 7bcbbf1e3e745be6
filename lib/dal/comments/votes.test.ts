import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { commentFlags, comments, commentVotes } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { postComment } from './posting';
import { castVote, flagComment } from './votes';

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

describe('votes', () => {
  it('stay exact under 50 concurrent votes, switching and withdrawing', async () => {
    const [author] = await makeUsers(1);
    const voters = await makeUsers(50);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Vote on me' });
    expect(c.status).toBe('approved');

    await Promise.all(voters.map((v) => castVote(v, c.id, 1)));
    const db = await getDb();
    let [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect([row.score, row.upvotes, row.downvotes]).toEqual([50, 50, 0]);

    // 20 switch to down, 10 withdraw, 5 repeat their upvote (no change), all at once.
    await Promise.all([
      ...voters.slice(0, 20).map((v) => castVote(v, c.id, -1)),
      ...voters.slice(20, 30).map((v) => castVote(v, c.id, 0)),
      ...voters.slice(30, 35).map((v) => castVote(v, c.id, 1)),
    ]);
    [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect([row.upvotes, row.downvotes, row.score]).toEqual([20, 20, 0]);
    const [{ total }] = await db
      .select({ total: sql<number>`coalesce(sum(${commentVotes.value}), 0)::int` })
      .from(commentVotes)
      .where(eq(commentVotes.commentId, c.id));
    expect(total).toBe(row.score);
    const [{ count }] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(commentVotes)
      .where(eq(commentVotes.commentId, c.id));
    expect(count).toBe(40);
  });

  it('refuses a vote on your own comment', async () => {
    const [author] = await makeUsers(1);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Mine' });
    await expect(castVote(author, c.id, 1)).rejects.toThrow(/own comment/);
  });

  it('cannot vote: ten fresh unverified accounts add no vote to the score', async () => {
    const [author] = await makeUsers(1);
    const puppets = await makeUsers(10, { emailVerified: null });
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Popular opinion' });
    const results = await Promise.allSettled(puppets.map((p) => castVote(p, c.id, -1)));
    expect(results.every((r) => r.status === 'rejected' && /Verify your email address to vote/.test(String(r.reason)))).toBe(true);
    const db = await getDb();
    const [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect([row.score, row.upvotes, row.downvotes]).toEqual([0, 0, 0]);
    expect(await db.select().from(commentVotes).where(eq(commentVotes.commentId, c.id))).toHaveLength(0);
  });
});

describe('reports', () => {
  it('keeps one report per reader per comment, never on your own', async () => {
    const [author, reporter] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Report me' });
    await expect(flagComment(author, c.id, 'spam')).rejects.toThrow(/your own/);
    await flagComment(reporter, c.id, 'spam');
    await flagComment(reporter, c.id, 'abuse: rude');
    const rows = await (await getDb()).select().from(commentFlags).where(eq(commentFlags.commentId, c.id));
    expect(rows.map((r) => r.reason)).toEqual(['abuse: rude']);
  });
});

describe('the cache tags a vote or a report dirties', () => {
  it('a counted vote dirties the thread (the score shows there), not the article or the counts', async () => {
    const [author, voter] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Vote on me' });
    const up = await recordInvalidations(() => castVote(voter, c.id, 1));
    expect(up.result.score).toBe(1);
    expect(up.tags).toEqual([TAGS.comments(article.id)]);
    // The same vote again changes nothing.
    expect((await recordInvalidations(() => castVote(voter, c.id, 1))).tags).toEqual([]);
    expect((await recordInvalidations(() => castVote(voter, c.id, 0))).tags).toEqual([TAGS.comments(article.id)]);
  });

  it('a report or a refused vote dirties nothing', async () => {
    const [author, reader] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Report me' });
    expect((await recordInvalidations(() => flagComment(reader, c.id, 'spam'))).tags).toEqual([]);
    const own = await recordInvalidations(() => castVote(author, c.id, 1).catch((e: Error) => e));
    expect(own.result).toBeInstanceOf(Error);
    expect(own.tags).toEqual([]);
  });
});
