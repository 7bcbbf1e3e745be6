import 'server-only';
/**
 * Storage for form results too large for the flash cookie (see lib/actions/form-flash.ts). The random id is
 * the only way to a row, and it lives in its reader's HttpOnly cookie: no other authorization is needed.
 * What a row holds is bounded by the form's own fields (lib/actions/echo.ts); expired rows are deleted by a
 * periodic job (lib/jobs/form-flash-sweep.ts). Times come from the app clock (lib/clock.ts).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, lte } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { formFlashes } from '@/db/schema';
import { now } from '@/lib/clock';

export async function saveFormFlash(payload: string, maxAgeSec: number): Promise<string> {
  const db = await getDb();
  const id = randomBytes(24).toString('base64url');
  await db.insert(formFlashes).values({ id, payload, expiresAt: new Date(now().getTime() + maxAgeSec * 1000) });
  return id;
}

/** Deletes every row expired at `at`; returns how many. */
export async function deleteExpiredFormFlashes(at: Date = now()): Promise<number> {
  const db = await getDb();
  const gone = await db.delete(formFlashes).where(lte(formFlashes.expiresAt, at)).returning({ id: formFlashes.id });
  return gone.length;
}

export async function loadFormFlash(id: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(id)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ payload: formFlashes.payload })
    .from(formFlashes)
    .where(and(eq(formFlashes.id, id), gt(formFlashes.expiresAt, now())))
    .limit(1);
  return row?.payload ?? null;
}
