/**
 * Which cache tags the newsroom's writes dirty (lib/cache-invalidate): each write names what readers would
 * otherwise keep seeing stale, and a refused write dirties nothing.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, getDb } from '@/db/client';
import { categories, tags, users, type Role } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { actAs } from '@/lib/testing/fake-auth';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { articleFormSchema } from '@/lib/validation/admin';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

const { createArticle, listRevisions, restoreRevision, saveArticle } = await import('./articles');
const { createCategory, deleteCategory, renameTag, updateCategory } = await import('./taxonomy');
const { getAdminSettings, updateSettings } = await import('./settings');

const run = randomUUID().slice(0, 6);
const form = (o: Record<string, unknown>) => articleFormSchema.parse(o);
const ids = {} as Record<'editor' | 'admin', string>;

async function user(role: Role): Promise<string> {
  const db = await getDb();
  const [u] = await db
    .insert(users)
    .values({ email: `${role}-${run}@example.com`, handle: `tags-${role}-${run}`, role, emailVerified: new Date() })
    .returning({ id: users.id });
  return u.id;
}

beforeAll(async () => {
  ids.editor = await user('editor');
  ids.admin = await user('admin');
});

afterAll(async () => {
  await closeDatabase();
});

describe('article writes dirty their own cache tags', () => {
  it('creating an article with a new tag dirties listings, the article, authors, its slug and the taxonomy', async () => {
    actAs(ids.editor);
    const { result: a, tags: dirtied } = await recordInvalidations(() =>
      createArticle(form({ title: `Tagged ${run}`, bodySource: 'Text.', tags: `fresh-${run}` })),
    );
    expect(dirtied).toEqual([TAGS.articles, TAGS.article(a.id), TAGS.authors, TAGS.articleSlug(`tagged-${run}`), TAGS.taxonomy].sort());
  });

  it('a save that changes the slug dirties the old and the new address; publishing dirties the same set', async () => {
    actAs(ids.editor);
    const a = await createArticle(form({ title: `Moving ${run}`, bodySource: 'Text.' }));
    const { result: saved, tags: dirtied } = await recordInvalidations(() =>
      saveArticle(a.id, a.version, form({ title: `Moving ${run}`, slug: `moved-${run}`, bodySource: 'Text.', status: 'published' })),
    );
    expect(saved.status).toBe('published');
    expect(dirtied).toEqual(
      [TAGS.articles, TAGS.article(a.id), TAGS.authors, TAGS.articleSlug(`moving-${run}`), TAGS.articleSlug(`moved-${run}`)].sort(),
    );
  });

  it('a stale save dirties nothing; restoring a revision dirties the article', async () => {
    actAs(ids.editor);
    const a = await createArticle(form({ title: `Restored ${run}`, bodySource: 'First.' }));
    await saveArticle(a.id, a.version, form({ title: `Restored ${run}`, bodySource: 'Second.' }));
    const stale = await recordInvalidations(() =>
      saveArticle(a.id, a.version, form({ title: `Restored ${run}`, bodySource: 'Third.' })).catch((e: Error) => e.name),
    );
    expect(stale).toEqual({ result: 'ArticleConflictError', tags: [] });
    const first = (await listRevisions(a.id)).find((r) => r.version === 1)!;
    const { tags: dirtied } = await recordInvalidations(() => restoreRevision(a.id, first.id));
    expect(dirtied).toEqual([TAGS.articles, TAGS.article(a.id), TAGS.authors, TAGS.articleSlug(`restored-${run}`)].sort());
  });
});

describe('taxonomy and settings writes dirty their own cache tags', () => {
  it('renaming a tag, and every section write, dirties the taxonomy and the article listings', async () => {
    actAs(ids.editor);
    const db = await getDb();
    const [t] = await db
      .insert(tags)
      .values({ slug: `old-${run}`, name: `Old ${run}` })
      .returning();
    const expected = [TAGS.articles, TAGS.taxonomy].sort();
    expect((await recordInvalidations(() => renameTag(t.id, `New ${run}`))).tags).toEqual(expected);
    const created = await recordInvalidations(() => createCategory({ name: `Section ${run}`, slug: '', description: '' }));
    expect(created.tags).toEqual(expected);
    const id = created.result.id;
    expect((await recordInvalidations(() => updateCategory(id, { name: `Renamed ${run}`, slug: '', description: '' }))).tags).toEqual(
      expected,
    );
    expect((await recordInvalidations(() => deleteCategory(id))).tags).toEqual(expected);
    expect(await db.select().from(categories).where(eq(categories.id, id))).toEqual([]);
  });

  it('saving the settings dirties the settings; a refused save dirties nothing', async () => {
    actAs(ids.admin);
    const current = await getAdminSettings();
    const { result, tags: dirtied } = await recordInvalidations(() => updateSettings({ linkLimit: current.linkLimit + 1 }));
    expect(result).toEqual(['linkLimit']);
    expect(dirtied).toEqual([TAGS.settings]);
    const same = await recordInvalidations(() => updateSettings({ linkLimit: current.linkLimit + 1 }).catch((e: Error) => e.message));
    expect(same).toEqual({ result: 'Nothing changed.', tags: [] });
    actAs(ids.editor);
    const refused = await recordInvalidations(() => updateSettings({ linkLimit: 9 }).catch(() => 'refused'));
    expect(refused).toEqual({ result: 'refused', tags: [] });
    actAs(ids.admin);
    await updateSettings({ linkLimit: current.linkLimit });
  });
});
