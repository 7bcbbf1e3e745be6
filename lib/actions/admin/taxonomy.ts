'use server';
import { updateTag } from 'next/cache';
import type { ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import { createCategory, deleteCategory, deleteTag, renameTag, updateCategory } from '@/lib/dal/admin/taxonomy';
import { categoryFormSchema, categoryUpdateSchema, tagFormSchema, taxonomyIdSchema } from '@/lib/validation/admin';
import { adminAction } from './_shared';

function invalidate() {
  updateTag(TAGS.taxonomy);
  updateTag(TAGS.articles);
}

export async function createCategoryAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, categoryFormSchema, { permission: 'taxonomy:manage' }, async (data) => {
    const row = await createCategory(data);
    invalidate();
    return { ok: true, message: `Section “${row.name}” created.` };
  });
}

export async function updateCategoryAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, categoryUpdateSchema, { permission: 'taxonomy:manage' }, async ({ id, ...data }) => {
    const row = await updateCategory(id, data);
    invalidate();
    return {
      ok: true,
      message: `Section “${row.name}” saved.`,
      values: { id, name: row.name, slug: row.slug, description: row.description },
    };
  });
}

export async function deleteCategoryAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, taxonomyIdSchema, { permission: 'taxonomy:manage' }, async ({ id }) => {
    await deleteCategory(id);
    invalidate();
    return { ok: true, message: 'Section deleted; its articles have no section now.' };
  });
}

export async function renameTagAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, tagFormSchema, { permission: 'taxonomy:manage' }, async ({ id, name }) => {
    const row = await renameTag(id, name);
    invalidate();
    return { ok: true, message: `Tag renamed to “${row.name}”.`, values: { id, name: row.name } };
  });
}

export async function deleteTagAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, taxonomyIdSchema, { permission: 'taxonomy:manage' }, async ({ id }) => {
    await deleteTag(id);
    invalidate();
    return { ok: true, message: 'Tag deleted.' };
  });
}
