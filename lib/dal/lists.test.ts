/** The DAL's paged lists and list filters (lib/dal/lists.ts), against a real database. */
import { asc, ilike, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { tags, users } from '@/db/schema';
import { isUserRef, likeLiteral, paged } from './lists';

beforeAll(async () => {
  const db = await getDb();
  await db.insert(tags).values(['100%', '100 percent', 'a_b', 'axb', 'e'].map((name, i) => ({ name, slug: `lists-${i}` })));
  await db.insert(users).values({ email: 'Paged.Person@Example.com', handle: 'Paged_Person', name: 'Paged Person' });
});

describe('paged', () => {
  const list = async (page: number | undefined) => {
    const db = await getDb();
    return paged(db.select({ name: tags.name }).from(tags).orderBy(asc(tags.slug)).$dynamic(), db.$count(tags), page, 2);
  };

  it('gives the requested page with the total and the number of pages', async () => {
    const p2 = await list(2);
    expect(p2).toEqual({ items: [{ name: 'a_b' }, { name: 'axb' }], total: 5, page: 2, pages: 3 });
    expect((await list(3)).items).toEqual([{ name: 'e' }]);
  });

  it('reads a missing, zero, negative or fractional page as the first one (or its floor)', async () => {
    for (const page of [undefined, 0, -4])
      expect(await list(page)).toMatchObject({ page: 1, items: [{ name: '100%' }, { name: '100 percent' }] });
    expect((await list(2.7)).page).toBe(2);
  });

  it('gives an empty page past the end, and one page for an empty list', async () => {
    expect(await list(9)).toMatchObject({ items: [], total: 5, page: 9, pages: 3 });
    const db = await getDb();
    const none = await paged(
      db
        .select()
        .from(tags)
        .where(sql`false`)
        .$dynamic(),
      db.$count(tags, sql`false`),
      1,
      2,
    );
    expect(none).toEqual({ items: [], total: 0, page: 1, pages: 1 });
  });
});

describe('filters', () => {
  it('likeLiteral matches %, _ and \\ as themselves', async () => {
    const db = await getDb();
    const names = async (text: string) =>
      (
        await db
          .select({ name: tags.name })
          .from(tags)
          .where(ilike(tags.name, `%${likeLiteral(text)}%`))
      )
        .map((r) => r.name)
        .sort();
    expect(await names('100%')).toEqual(['100%']);
    expect(await names('a_b')).toEqual(['a_b']);
    expect(likeLiteral('a\\b')).toBe('a\\\\b');
  });

  it('isUserRef finds a user by handle or email in any case, or by id', async () => {
    const db = await getDb();
    const [{ id }] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`${users.handle} = 'Paged_Person'`);
    for (const ref of ['paged_person', 'PAGED.PERSON@example.com', id]) {
      expect(
        (await db.select({ id: users.id }).from(users).where(isUserRef(users.id, ref))).map((r) => r.id),
        ref,
      ).toEqual([id]);
    }
    expect(await db.select().from(users).where(isUserRef(users.id, 'nobody-at-all'))).toEqual([]);
  });
});
