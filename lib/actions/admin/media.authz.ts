import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { media } from '@/db/schema';
import type { AuthzRows } from './authz-types';

/** A library entry uploaded by `ownerId` (no files: deleting it removes nothing on disk). */
async function freshMedia(ownerId: string): Promise<string> {
  const db = await getDb();
  const id = randomUUID();
  await db.insert(media).values({
    id,
    ownerId,
    key: `uploads/authz/${id}.webp`,
    mime: 'image/webp',
    width: 10,
    height: 10,
    bytes: 100,
    variants: [],
    alt: 'Fixture',
  });
  return id;
}

export const rows: AuthzRows = {
  // Authors may delete their own uploads; editors and admins any.
  deleteMediaAction: {
    allowed: ['author', 'editor', 'admin'],
    fields: async (ctx) => ({ id: await freshMedia(ctx.userIds.author) }),
  },
};
