'use server';
import { action } from '@/lib/actions/safe-action';
import { createCategory, deleteCategory, deleteTag, renameTag, updateCategory } from '@/lib/dal/admin/taxonomy';
import { categoryFormSchema, categoryUpdateSchema, tagFormSchema, taxonomyIdSchema } from '@/lib/validation/admin';

const access = { permission: 'taxonomy:manage' } as const;

export const createCategoryAction = action({ access, schema: categoryFormSchema }, async (data) => {
  const row = await createCategory(data);
  return { ok: true, message: `Section “${row.name}” created.` };
});

export const updateCategoryAction = action({ access, schema: categoryUpdateSchema }, async ({ id, ...data }) => {
  const row = await updateCategory(id, data);
  return {
    ok: true,
    message: `Section “${row.name}” saved.`,
    values: { id, name: row.name, slug: row.slug, description: row.description },
  };
});

export const deleteCategoryAction = action({ access, schema: taxonomyIdSchema }, async ({ id }) => {
  await deleteCategory(id);
  return { ok: true, message: 'Section deleted; its articles have no section now.' };
});

export const renameTagAction = action({ access, schema: tagFormSchema }, async ({ id, name }) => {
  const row = await renameTag(id, name);
  return { ok: true, message: `Tag renamed to “${row.name}”.`, values: { id, name: row.name } };
});

export const deleteTagAction = action({ access, schema: taxonomyIdSchema }, async ({ id }) => {
  await deleteTag(id);
  return { ok: true, message: 'Tag deleted.' };
});
