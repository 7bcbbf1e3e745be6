/**
 * What both authorization matrices (lib/actions/admin/authz-matrix.test.ts for the newsroom,
 * lib/actions/public-authz-matrix.test.ts for readers) need: a fingerprint of every table, to prove a refused
 * call wrote nothing, and one way to call an action and classify what came back.
 */
import { sql } from 'drizzle-orm';
import { getDb, queryRows } from '@/db/client';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { settleBackground } from '@/lib/mail/background';

/** One hash per table of every row's data: any write anywhere changes it (tables in `ignored` are left out). */
export async function fingerprint(ignored: ReadonlySet<string> = new Set()): Promise<Record<string, string>> {
  const db = await getDb();
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (ignored.has(name)) continue;
    const [row] = await queryRows<{ h: string | null }>(
      db,
      sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.identifier(name)} t`,
    );
    out[name] = row?.h ?? '';
  }
  return out;
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((t) => after[t] !== before[t]);
}

export type Outcome =
  | { kind: 'state'; ok: boolean; message?: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'authz-error'; error: Error }
  | { kind: 'other-error'; error: unknown };

export function redirectTarget(err: unknown): string | null {
  const digest = (err as { digest?: unknown } | null)?.digest;
  if (typeof digest !== 'string' || !digest.startsWith('NEXT_REDIRECT')) return null;
  return digest.split(';')[2] ?? '';
}

/**
 * Calls an action. A state with `ok` is judged by it; plain form actions and reads return nothing or data
 * without `ok` and count as ok (the fingerprint then tells whether they wrote).
 */
export async function callAction(fn: (...args: unknown[]) => Promise<unknown>, args: unknown[]): Promise<Outcome> {
  try {
    return await callOnce(fn, args);
  } finally {
    // Work an allowed call started in the background (an import job, mail) ends before the next role's
    // call, whose database fingerprint would otherwise see it.
    await settleBackground();
  }
}

async function callOnce(fn: (...args: unknown[]) => Promise<unknown>, args: unknown[]): Promise<Outcome> {
  try {
    const state = (await fn(...args)) as { ok?: boolean; message?: string } | undefined | null;
    const ok = state == null || typeof state !== 'object' || !('ok' in state) ? true : !!state.ok;
    return { kind: 'state', ok, message: state?.message };
  } catch (err) {
    const to = redirectTarget(err);
    if (to != null) return { kind: 'redirect', to };
    if (err instanceof ForbiddenError || err instanceof UnauthenticatedError) return { kind: 'authz-error', error: err };
    return { kind: 'other-error', error: err };
  }
}

export function describeOutcome(o: Outcome): string {
  if (o.kind === 'other-error') return `threw ${o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error)}`;
  if (o.kind === 'authz-error') return `threw ${o.error.name}: ${o.error.message}`;
  if (o.kind === 'redirect') return `redirected to ${o.to}`;
  return `returned ok=${o.ok} ${o.message ?? ''}`;
}
