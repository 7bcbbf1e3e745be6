import 'server-only';
/**
 * The duplicate rule: the same author cannot post the same text twice within a few minutes, where "the
 * same" ignores small disguises (see duplicateKey: invisible characters, case, emphasis, closing dots).
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { comments } from '@/db/schema';
import { duplicateKey } from '@/lib/comments/normalize';

export const DUPLICATE_WINDOW_MS = 5 * 60_000;

/** What the duplicate check compares (see duplicateKey: invisible characters, case, emphasis and closing dots do not count). */
export function normalizeBody(body: string): string {
  return duplicateKey(body);
}

export function hashBody(body: string): string {
  return createHash('sha256').update(normalizeBody(body)).digest('hex');
}

/** Whether the author posted a comment with this hash within the window (deleted ones do not count). */
export async function isRecentDuplicate(tx: DbOrTx, authorId: string, hash: string): Promise<boolean> {
  const [dup] = await tx
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.authorId, authorId),
        eq(comments.contentHash, hash),
        sql`${comments.deletedAt} is null`,
        sql`${comments.createdAt} > now() - make_interval(secs => ${DUPLICATE_WINDOW_MS / 1000})`,
      ),
    )
    .limit(1);
  return !!dup;
}
