'use server';
import { action } from '@/lib/actions/safe-action';
import { deleteMedia } from '@/lib/dal/admin/media';
import { mediaIdSchema } from '@/lib/validation/admin';

/** Deletes an image from the library (its uploader, or an editor/admin: the DAL decides). */
export const deleteMediaAction = action({ access: { permission: 'media:upload' }, schema: mediaIdSchema }, async ({ id }) => {
  await deleteMedia(id);
  return { ok: true, message: 'Image deleted.' };
});
