import 'server-only';
/**
 * Storage for form results too large for the flash cookie (see lib/actions/form-flash.ts). The random id is
 * the only way to a row, and it lives in its reader's HttpOnly cookie: no other authorization is needed.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { formFlashes } from '@/db/schema';

export async function saveFormFlash(payload: string, maxAgeSec: number): Promise<string> {
  const db = await getDb();
  const id = randomBytes(24).toString('base64url');
  const now = new Date();
  await db.delete(formFlashes).where(lt(formFlashes.expiresAt, now));
  await db.insert(formFlashes).values({ id, payload, expiresAt: new Date(now.getTime() + maxAgeSec * 1000) });
  return id;
}

export async function loadFormFlash(id: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(id)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ payload: formFlashes.payload })
    .from(formFlashes)
    .where(and(eq(formFlashes.id, id), gt(formFlashes.expiresAt, new Date())))
    .limit(1);
  return row?.payload ?? null;
}
