import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articles, media, users } from '@/db/schema';
import { recordAudit } from '@/lib/dal/audit';
import { processImageUpload, removeMediaFiles } from '@/lib/media';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import { paged } from '@/lib/dal/lists';
import { has, requireStaff } from './guard';

export const MEDIA_PER_PAGE = 24;

/** One image of the library, with its uploader. */
const mediaColumns = {
  id: media.id,
  key: media.key,
  width: media.width,
  height: media.height,
  bytes: media.bytes,
  alt: media.alt,
  variants: media.variants,
  createdAt: media.createdAt,
  owner: users.handle,
};

export async function listMedia(page = 1) {
  await requireStaff('media:upload');
  const db = await getDb();
  return paged(
    db
      .select(mediaColumns)
      .from(media)
      .leftJoin(users, eq(users.id, media.ownerId))
      .orderBy(desc(media.createdAt), desc(media.id))
      .$dynamic(),
    db.$count(media),
    page,
    MEDIA_PER_PAGE,
  );
}

/** Checks and stores an uploaded image (see lib/media.ts) and records it in the library. */
export async function uploadMedia(input: Buffer, alt: string) {
  const viewer = await requireStaff('media:upload');
  const image = await processImageUpload(input);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(media)
        .values({
          id: image.id,
          ownerId: viewer.id,
          key: image.key,
          mime: image.mime,
          width: image.width,
          height: image.height,
          bytes: image.bytes,
          variants: image.variants,
          alt: alt.trim().slice(0, 300),
        })
        .returning();
      await recordAudit(
        {
          actorId: viewer.id,
          action: 'media.upload',
          entityType: 'media',
          entityId: row.id,
          before: null,
          after: { key: row.key, width: row.width, height: row.height, bytes: row.bytes, alt: row.alt },
        },
        tx,
      );
      return row;
    });
  } catch (err) {
    await removeMediaFiles(image.variants);
    throw err;
  }
}

/** Deletes an image from the library: its uploader, or an editor/admin. */
export async function deleteMedia(id: string) {
  const viewer = await requireStaff('media:upload');
  const db = await getDb();
  const row = await db.transaction(async (tx) => {
    const [m] = await tx.select().from(media).where(eq(media.id, id)).for('update');
    if (!m) throw new NotFoundError('That image no longer exists.');
    if (m.ownerId !== viewer.id && !has(viewer, 'articles:edit-any')) throw new ForbiddenError('You can only delete images you uploaded.');
    // An image still in use would leave a broken cover or body image behind.
    const usedBy = await tx
      .select({ title: articles.title })
      .from(articles)
      .where(
        sql`${articles.coverImage} = ${`/media/${m.key}`} or position(${m.id} in coalesce(${articles.bodySource}, ${articles.body})) > 0`,
      )
      .limit(3);
    if (usedBy.length) {
      throw new UserError(
        `This image is still used by ${usedBy.map((u) => `“${u.title}”`).join(', ')}. Choose another image there first.`,
        409,
      );
    }
    await tx.delete(media).where(eq(media.id, id));
    await recordAudit(
      { actorId: viewer.id, action: 'media.delete', entityType: 'media', entityId: id, before: { key: m.key, alt: m.alt }, after: null },
      tx,
    );
    return m;
  });
  await removeMediaFiles(row.variants);
  return { id };
}
