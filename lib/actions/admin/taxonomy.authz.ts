import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { categories, tags } from '@/db/schema';
import type { AuthzRows } from './authz-types';

async function freshCategory(): Promise<string> {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const [c] = await db
    .insert(categories)
    .values({ slug: `authz-${tag}`, name: `Authz ${tag}` })
    .returning({ id: categories.id });
  return c.id;
}

async function freshTag(): Promise<string> {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const [t] = await db
    .insert(tags)
    .values({ slug: `authz-${tag}`, name: `authz ${tag}` })
    .returning({ id: tags.id });
  return t.id;
}

const EDITORS = ['editor', 'admin'] as const;

export const rows: AuthzRows = {
  createCategoryAction: {
    allowed: EDITORS,
    fields: () => ({ name: `Matrix section ${randomUUID().slice(0, 8)}`, slug: '', description: '' }),
  },
  updateCategoryAction: {
    allowed: EDITORS,
    fields: async () => ({ id: await freshCategory(), name: `Renamed ${randomUUID().slice(0, 8)}`, slug: '', description: 'New' }),
  },
  deleteCategoryAction: { allowed: EDITORS, fields: async () => ({ id: await freshCategory() }) },
  renameTagAction: { allowed: EDITORS, fields: async () => ({ id: await freshTag(), name: `renamed ${randomUUID().slice(0, 8)}` }) },
  deleteTagAction: { allowed: EDITORS, fields: async () => ({ id: await freshTag() }) },
};
