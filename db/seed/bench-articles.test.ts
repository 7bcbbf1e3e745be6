import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articles, comments } from '@/db/schema';
import { buildArticles } from './content';
import { HUNDRED_COMMENTS, HUNDRED_SLUG, THOUSAND_COMMENTS, THOUSAND_SLUG } from './fixtures';
import { seed } from './index';

// The benchmark (npm run bench) reads articles with 100 and 1,000 comments, about 30 % of them replies.
describe('benchmark articles in the seed', () => {
  beforeAll(async () => {
    await seed(await getDb(), { covers: false, now: new Date('2026-03-01T12:00:00Z') });
  }, 300_000);
  afterAll(closeDatabase);

  for (const [slug, total] of [
    [HUNDRED_SLUG, HUNDRED_COMMENTS],
    [THOUSAND_SLUG, THOUSAND_COMMENTS],
  ] as const) {
    it(`${slug} is public with ${total} approved comments, ~30 % replies`, async () => {
      const db = await getDb();
      const [a] = await db.select().from(articles).where(eq(articles.slug, slug));
      expect(a.status).toBe('published');
      expect(a.commentCount).toBe(total);
      const [{ all, replies }] = await db
        .select({
          all: sql<number>`count(*)::int`,
          replies: sql<number>`(count(*) filter (where ${comments.parentId} is not null))::int`,
        })
        .from(comments)
        .where(and(eq(comments.articleId, a.id), eq(comments.status, 'approved')));
      expect(all).toBe(total);
      expect(replies / all).toBeCloseTo(0.3, 2);
      // Every comment knows its thread's root, as the pages' keyset queries expect.
      const [{ rooted }] = await db
        .select({ rooted: sql<number>`count(*)::int` })
        .from(comments)
        .where(and(eq(comments.articleId, a.id), isNotNull(comments.rootId)));
      expect(rooted).toBe(total);
    });
  }

  it("leaves the other articles' bodies as they were (no links to the benchmark articles)", () => {
    const others = buildArticles().filter((a) => a.slug !== HUNDRED_SLUG && a.slug !== THOUSAND_SLUG);
    for (const a of others) {
      expect(a.body).not.toContain(HUNDRED_SLUG);
      expect(a.body).not.toContain(THOUSAND_SLUG);
    }
  });
});
