import 'server-only';
/**
 * Sections (categories) and tags, managed by editors and admins. Each write is audited, then dirties the
 * taxonomy and every article listing (section names and tags show on cards, pages and feeds).
 */
import { asc, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { articles, articleTags, categories, tags } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { TAGS } from '@/lib/cache-tags';
import { recordAudit } from '@/lib/dal/audit';
import { NotFoundError, UserError } from '@/lib/errors';
import { requireStaff } from './guard';
import { slugify } from './text';

function fieldError(field: string, message: string): UserError {
  return new UserError(message, 400, { [field]: [message] });
}

const DIRTIES = [TAGS.taxonomy, TAGS.articles];

type Change<T> = { entityId: string; before: object | null; after: object | null; result: T };

/**
 * Runs one write to sections or tags in a transaction with its audit entry (`action` is
 * `<entity type>.<verb>`), then dirties what shows sections and tags.
 */
async function auditedWrite<T>(actorId: string, action: `${'category' | 'tag'}.${string}`, write: (tx: Tx) => Promise<Change<T>>) {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const { entityId, before, after, result } = await write(tx);
    await recordAudit({ actorId, action, entityType: action.slice(0, action.indexOf('.')), entityId, before, after }, tx);
    return result;
  });
  await invalidate(DIRTIES);
  return result;
}

export async function listTaxonomy() {
  await requireStaff('taxonomy:manage');
  const db = await getDb();
  const [cats, tagRows] = await Promise.all([
    db
      .select({
        id: categories.id,
        slug: categories.slug,
        name: categories.name,
        description: categories.description,
        position: categories.position,
        articles: sql<number>`(select count(*)::int from ${articles} where ${articles.categoryId} = ${categories.id})`,
      })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.name)),
    db
      .select({
        id: tags.id,
        slug: tags.slug,
        name: tags.name,
        articles: sql<number>`(select count(*)::int from ${articleTags} where ${articleTags.tagId} = ${tags.id})`,
      })
      .from(tags)
      .orderBy(asc(tags.name))
      .limit(500),
  ]);
  return { categories: cats, tags: tagRows };
}

type CategoryInput = { name: string; slug: string; description: string };

async function uniqueCategorySlug(slug: string, exceptId?: string) {
  const db = await getDb();
  const [taken] = await db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).limit(1);
  if (taken && taken.id !== exceptId) throw fieldError('slug', `The section slug "${slug}" is already used. Choose another.`);
}

export async function createCategory(input: CategoryInput) {
  const viewer = await requireStaff('taxonomy:manage');
  const slug = input.slug || slugify(input.name, 80);
  if (!slug) throw fieldError('slug', 'Give the section a slug made of letters or digits.');
  await uniqueCategorySlug(slug);
  return auditedWrite(viewer.id, 'category.create', async (tx) => {
    const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${categories.position}), 0)::int` }).from(categories);
    const [row] = await tx
      .insert(categories)
      .values({ name: input.name, slug, description: input.description, position: max + 1 })
      .returning();
    return { entityId: row.id, before: null, after: { name: row.name, slug: row.slug, description: row.description }, result: row };
  });
}

export async function updateCategory(id: string, input: CategoryInput) {
  const viewer = await requireStaff('taxonomy:manage');
  const db = await getDb();
  const [existing] = await db.select().from(categories).where(eq(categories.id, id)).limit(1);
  if (!existing) throw new NotFoundError('That section no longer exists.');
  const slug = input.slug || existing.slug;
  await uniqueCategorySlug(slug, id);
  return auditedWrite(viewer.id, 'category.update', async (tx) => {
    const [row] = await tx
      .update(categories)
      .set({ name: input.name, slug, description: input.description })
      .where(eq(categories.id, id))
      .returning();
    return {
      entityId: id,
      before: { name: existing.name, slug: existing.slug, description: existing.description },
      after: { name: row.name, slug: row.slug, description: row.description },
      result: row,
    };
  });
}

/** Deletes a section; its articles stay, without a section. */
export async function deleteCategory(id: string) {
  const viewer = await requireStaff('taxonomy:manage');
  return auditedWrite(viewer.id, 'category.delete', async (tx) => {
    const [existing] = await tx.select().from(categories).where(eq(categories.id, id)).for('update').limit(1);
    if (!existing) throw new NotFoundError('That section no longer exists.');
    await tx.delete(categories).where(eq(categories.id, id));
    return { entityId: id, before: { name: existing.name, slug: existing.slug }, after: null, result: { id } };
  });
}

export async function renameTag(id: string, name: string) {
  const viewer = await requireStaff('taxonomy:manage');
  const slug = slugify(name, 50);
  if (!slug) throw fieldError('name', 'A tag name needs letters or digits.');
  return auditedWrite(viewer.id, 'tag.update', async (tx) => {
    const [existing] = await tx.select().from(tags).where(eq(tags.id, id)).for('update').limit(1);
    if (!existing) throw new NotFoundError('That tag no longer exists.');
    const [taken] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).limit(1);
    if (taken && taken.id !== id) throw fieldError('name', `A tag "${name}" already exists.`);
    const [row] = await tx.update(tags).set({ name, slug }).where(eq(tags.id, id)).returning();
    return { entityId: id, before: { name: existing.name, slug: existing.slug }, after: { name: row.name, slug: row.slug }, result: row };
  });
}

export async function deleteTag(id: string) {
  const viewer = await requireStaff('taxonomy:manage');
  return auditedWrite(viewer.id, 'tag.delete', async (tx) => {
    const [existing] = await tx.select().from(tags).where(eq(tags.id, id)).for('update').limit(1);
    if (!existing) throw new NotFoundError('That tag no longer exists.');
    await tx.delete(articleTags).where(eq(articleTags.tagId, id));
    await tx.delete(tags).where(eq(tags.id, id));
    return { entityId: id, before: { name: existing.name, slug: existing.slug }, after: null, result: { id } };
  });
}
