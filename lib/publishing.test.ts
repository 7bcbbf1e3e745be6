import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articleAuthors, articles, categories, users } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { recordInvalidations } from '@/lib/testing/invalidations';

// 'use cache' is a plain function outside Next; its tagging calls are no-ops here.
vi.mock('next/cache', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/cache')>()),
  cacheTag: () => {},
  cacheLife: () => {},
  updateTag: () => {},
  revalidateTag: () => {},
}));

const run = randomUUID().slice(0, 8);
const T = new Date('2031-03-04T09:00:00Z');
let categoryId = '';
let authorHandle = '';
let authorId = '';

async function scheduled(label: string, at: Date) {
  const db = await getDb();
  const [a] = await db
    .insert(articles)
    .values({
      slug: `pub-${label}-${run}`,
      title: `Publishing ${label} ${run}`,
      body: '<p>Text.</p>',
      status: 'scheduled',
      publishedAt: at,
      categoryId,
    })
    .returning();
  await db.insert(articleAuthors).values({ articleId: a.id, userId: authorId, position: 0 });
  return a;
}

beforeAll(async () => {
  const db = await getDb();
  const [c] = await db
    .insert(categories)
    .values({ slug: `pub-cat-${run}`, name: `Pub ${run}` })
    .returning();
  categoryId = c.id;
  authorHandle = `pub-author-${run}`;
  const [u] = await db
    .insert(users)
    .values({ email: `${authorHandle}@example.com`, handle: authorHandle, name: 'Pub Author', role: 'author' })
    .returning();
  authorId = u.id;
});

afterAll(async () => {
  const db = await getDb();
  await db.delete(articles).where(eq(articles.categoryId, categoryId));
  await closeDatabase();
});

describe('the publish job', () => {
  it('public reads ignore the clock: a scheduled article is public only once a tick published it', async () => {
    const { getArticleBySlug, listArticles } = await import('@/lib/dal/articles');
    const { publishTick, newJobState } = await import('./publishing');
    // Due long ago by the system clock, but not yet published by the job: not public.
    const a = await scheduled('read', new Date(Date.now() - 60_000));
    expect(await getArticleBySlug(a.slug)).toBeNull();
    expect((await listArticles({ categoryId }, 1)).items.map((x) => x.id)).not.toContain(a.id);
    const expire = vi.fn();
    const r = await publishTick(expire, new Date(), newJobState());
    expect(r.published.map((x) => x.id)).toContain(a.id);
    expect((await getArticleBySlug(a.slug))?.kind).toBe('article');
    expect((await listArticles({ categoryId }, 1)).items.map((x) => x.id)).toContain(a.id);
  });

  it('publishes at the time given, not before, and expires the tags of what it published', async () => {
    const { publishTick, newJobState } = await import('./publishing');
    const a = await scheduled('exact', T);
    const job = newJobState();
    const before = await publishTick(undefined, new Date(T.getTime() - 1000), job);
    expect(before.published.map((x) => x.id)).not.toContain(a.id);
    expect(before.nextDueAt?.getTime()).toBeLessThanOrEqual(T.getTime());
    const db = await getDb();
    expect((await db.select({ s: articles.status }).from(articles).where(eq(articles.id, a.id)))[0].s).toBe('scheduled');

    // The job dirties the tags itself (lib/cache-invalidate), as any other write does.
    const { result: at, tags } = await recordInvalidations(() => publishTick(undefined, T, job));
    expect(at.published).toEqual([{ id: a.id, slug: a.slug }]);
    expect(tags).toEqual(
      expect.arrayContaining([
        TAGS.articles,
        TAGS.authors,
        TAGS.article(a.id),
        TAGS.articleSlug(a.slug),
        `_N_T_/article/${a.slug}`,
        `_N_T_/author/${authorHandle}`,
      ]),
    );
    const [row] = await db.select({ s: articles.status, p: articles.publishedAt }).from(articles).where(eq(articles.id, a.id));
    expect(row.s).toBe('published');
    expect(row.p?.toISOString()).toBe(T.toISOString());
    // A later tick of the same instance does not expire the same article again.
    const again = await recordInvalidations(() => publishTick(undefined, new Date(T.getTime() + 5000), job));
    expect(again.tags).toEqual([]);
  });

  it('on several instances each article is published once, and every instance expires its own cache', async () => {
    const { publishTick, newJobState } = await import('./publishing');
    const at = new Date(T.getTime() + 3600_000);
    const a = await scheduled('multi-a', at);
    const b = await scheduled('multi-b', at);
    const instances = [newJobState(), newJobState(), newJobState()];
    // Every instance ticked once before the time (their windows start there).
    for (const s of instances) await publishTick(vi.fn(), new Date(at.getTime() - 2000), s);
    const expires = instances.map(() => vi.fn());
    const results = await Promise.all(instances.map((s, i) => publishTick(expires[i], at, s)));
    const published = results.flatMap((r) => r.published.map((x) => x.id)).filter((id) => id === a.id || id === b.id);
    expect(published.sort()).toEqual([a.id, b.id].sort());
    for (const e of expires) {
      const tags = e.mock.calls.flatMap((c) => c[0] as string[]);
      expect(tags).toEqual(expect.arrayContaining([TAGS.articleSlug(a.slug), TAGS.articleSlug(b.slug), TAGS.articles]));
    }
    const db = await getDb();
    const rows = await db
      .select({ s: articles.status })
      .from(articles)
      .where(inArray(articles.id, [a.id, b.id]));
    expect(rows.map((r) => r.s)).toEqual(['published', 'published']);
  });

  it('an instance that ticks after another published still expires its cache (window since its last tick)', async () => {
    const { publishTick, newJobState } = await import('./publishing');
    const at = new Date(T.getTime() + 7200_000);
    const a = await scheduled('late', at);
    const winner = newJobState();
    const other = newJobState();
    await publishTick(vi.fn(), new Date(at.getTime() - 1000), other);
    await publishTick(vi.fn(), at, winner);
    const expire = vi.fn();
    const r = await publishTick(expire, new Date(at.getTime() + 8000), other);
    expect(r.published).toEqual([]);
    expect(r.invalidated.map((x) => x.id)).toContain(a.id);
    expect(expire.mock.calls[0][0]).toEqual(expect.arrayContaining([TAGS.articleSlug(a.slug)]));
  });

  it('the timer waits for the next due time, at most CHECK_EVERY_MS', async () => {
    const { delayUntil, CHECK_EVERY_MS } = await import('./publishing');
    const now = new Date('2031-01-01T00:00:00Z');
    expect(delayUntil(null, now)).toBe(CHECK_EVERY_MS);
    expect(delayUntil(new Date(now.getTime() + 3000), now)).toBe(3000);
    expect(delayUntil(new Date(now.getTime() + 3_600_000), now)).toBe(CHECK_EVERY_MS);
    expect(delayUntil(new Date(now.getTime() - 5000), now)).toBe(50);
  });
});
