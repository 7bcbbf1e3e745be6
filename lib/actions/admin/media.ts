'use server';
import type { ActionState } from '@/lib/actions/state';
import { deleteMedia } from '@/lib/dal/admin/media';
import { mediaIdSchema } from '@/lib/validation/admin';
import { adminAction } from './_shared';

/** Deletes an image from the library (its uploader, or an editor/admin: the DAL decides). */
export async function deleteMediaAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return adminAction(formData, mediaIdSchema, { permission: 'media:upload' }, async ({ id }) => {
    await deleteMedia(id);
    return { ok: true, message: 'Image deleted.' };
  });
}
