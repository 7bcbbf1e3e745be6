/**
 * What the DAL's paged lists share: one page of a query with the total and the number of pages, and the
 * filters several lists accept (words anywhere in a column, a user named by handle, email or id).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import { users } from '@/db/schema';

export type Paged<T> = { items: T[]; total: number; page: number; pages: number };

/**
 * Page `requested` (1-based; anything below reads as 1) of `query`, which must be ordered to a unique
 * key (pass it with `.$dynamic()`), with `total` rows in all.
 */
export async function paged<Q extends PgSelect>(
  query: Q,
  total: PromiseLike<number>,
  requested: number | undefined,
  perPage: number,
): Promise<Paged<Awaited<Q>[number]>> {
  const page = Math.max(1, Math.floor(requested ?? 1));
  const count = await total;
  const items: Awaited<Q> = await query.limit(perPage).offset((page - 1) * perPage);
  return { items, total: count, page, pages: Math.max(1, Math.ceil(count / perPage)) };
}

/** `text` as a LIKE pattern matching itself literally (%, _ and \ escaped). */
export function likeLiteral(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

/** `column` holds the id of the user `ref` names: a handle (with or without @), an email address or an id. */
export function isUserRef(column: AnyColumn, ref: string): SQL {
  return sql`${column} in (select id from ${users} where lower(handle) = lower(${ref}) or lower(email) = lower(${ref}) or id = ${ref})`;
}
