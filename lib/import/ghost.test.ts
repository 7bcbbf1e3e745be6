/** Ghost's JSON export into articles, authors, tags and native comments (lib/import/ghost.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, getDb } from '@/db/client';
import { articleAuthors, articles, articleTags, comments, importMap, tags, users } from '@/db/schema';
import { importGhost } from './ghost';
import { legacyRedirect } from './legacy';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-ghost-'));
// Unique ids and slugs per run: the Postgres-server suite keeps its database between runs.
const run = String(Date.now() % 1_000_000);
const file = path.join(tmp, 'ghost.json');
fs.writeFileSync(
  file,
  fs
    .readFileSync(path.join(import.meta.dirname, 'fixtures', 'ghost.json'), 'utf8')
    .replace(/"(g-[a-z]+-\d)"/g, `"$1-${run}"`)
    .replaceAll('night-trains-return', `night-trains-return-${run}`)
    .replaceAll('ghost-news.example', `ghost-news-${run}.example`),
);

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function local(kind: string, id: string) {
  const db = await getDb();
  const [m] = await db
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, 'ghost'), eq(importMap.kind, kind), eq(importMap.externalId, `${id}-${run}`)));
  return m?.localId;
}

describe('importing a Ghost export', () => {
  it('imports posts with their cards, authors, tags and native comments; the old address answers; a re-run changes nothing', async () => {
    const db = await getDb();
    const dry = await importGhost(file, { dryRun: true });
    expect(dry.counts.get('post')).toMatchObject({ created: 2, skipped: 1 });
    expect(await local('post', 'g-post-1')).toBeUndefined();

    const report = await importGhost(file);
    expect(report.counts.get('post')).toMatchObject({ created: 2, skipped: 1, failed: 0 });
    expect(report.problems.map((p) => p.reason)).toEqual(
      expect.arrayContaining(['a page, not a post (Broadsheet has articles only)', 'an internal tag']),
    );
    const [a] = await db
      .select()
      .from(articles)
      .where(eq(articles.id, (await local('post', 'g-post-1'))!));
    expect(a).toMatchObject({ status: 'published', dek: 'Sleeper service resumes in spring.' });
    expect(a.body).toContain('<p>The sleeper service is back.</p>');
    expect(a.body).toContain('<aside class="link-card"><a href="https://rail.example/timetable"');
    expect(a.body).toContain('<aside class="pull-quote">Sleep in one city, wake in another.</aside>');
    expect(a.body).toContain('<aside class="link-card"><a href="https://www.youtube.com/embed/xyz"');
    expect(a.body).not.toContain('script');
    const [iris] = await db
      .select()
      .from(users)
      .where(eq(users.id, (await local('author', 'g-user-1'))!));
    expect(iris).toMatchObject({ role: 'author', passwordHash: null, name: 'Iris Novak' });
    expect((await db.select().from(articleAuthors).where(eq(articleAuthors.articleId, a.id))).map((x) => x.userId)).toEqual([iris.id]);
    const tagRows = await db
      .select({ slug: tags.slug })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, a.id));
    expect(tagRows.map((t) => t.slug)).toEqual(['transport']);
    const [draft] = await db
      .select()
      .from(articles)
      .where(eq(articles.id, (await local('post', 'g-post-2'))!));
    expect(draft.status).toBe('draft');

    const rows = await db.select().from(comments).where(eq(comments.articleId, a.id));
    const oskar = rows.find((r) => r.body.includes('missed'))!;
    expect(oskar).toMatchObject({ body: 'Finally! I **missed** it.', status: 'approved', depth: 0 });
    expect(rows.find((r) => r.body.includes('cheaper'))).toMatchObject({ parentId: oskar.id, depth: 1 });
    expect(rows.find((r) => r.body.includes('Hidden'))!.status).toBe('pending');
    expect((await db.select().from(articles).where(eq(articles.id, a.id)))[0].commentCount).toBe(2);
    expect(await legacyRedirect(`/night-trains-return-${run}/`, new URLSearchParams())).toBe(`/article/${a.slug}`);

    const again = await importGhost(file);
    expect(again.counts.get('post')).toMatchObject({ created: 0, unchanged: 2 });
    expect(again.counts.get('comment')).toMatchObject({ created: 0, unchanged: 3 });
  });

  it('a file that is not a Ghost export is refused with a message saying why', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"posts": [');
    await expect(importGhost(bad)).rejects.toThrow(/bad\.json is not a Ghost export/);
    fs.writeFileSync(bad, '{"db": [{"data": {}}]}');
    await expect(importGhost(bad)).rejects.toThrow(/has no db\[0\]\.data\.posts/);
  });
});
