/**
 * How every import's dry run writes nothing: the work runs inside a transaction that is rolled back at the
 * end by throwing Rollback (callers that catch an item's error let Rollback through).
 */
import type { DbOrTx } from '@/db/client';

export class Rollback extends Error {}

/** Runs `fn` in a transaction on `db` and rolls it back, whatever `fn` wrote. */
export async function rolledBack(db: DbOrTx, fn: (tx: DbOrTx) => Promise<unknown>): Promise<void> {
  await db
    .transaction(async (tx) => {
      await fn(tx);
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
}
