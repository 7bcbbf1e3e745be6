/** What the Broadsheet importer's writers share (lib/import/broadsheet-records.ts, broadsheet-discussion.ts). */
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '@/db/client';
import { mappedId } from './comments';
import type { ImportReport } from './report';

export const SOURCE = 'broadsheet';

export type Ctx = {
  db: Db;
  site: string;
  report: ImportReport;
  keepAdmins: boolean;
  /** Replies read before their parent, by the parent's exported id (normally none). */
  pending: Map<number, Record<string, unknown>[]>;
  touched: Set<string>;
};

export type Outcome = 'created' | 'updated' | 'unchanged' | 'waiting';
export const ext = (c: Ctx, x: string | number) => `${c.site}#${x}`;
export const local = async (c: Ctx, tx: DbOrTx, kind: string, x: string | number | null) =>
  x == null ? null : ((await mappedId(tx, SOURCE, kind, ext(c, x)))?.localId ?? null);

/** The exported id when no row of `table` has it yet, else a new UUID. */
export async function freeId(tx: DbOrTx, table: PgTable & { id: PgColumn }, wanted: string): Promise<string> {
  const taken = await tx.select({ id: table.id }).from(table).where(eq(table.id, wanted)).limit(1);
  return taken.length ? crypto.randomUUID() : wanted;
}
