/**
 * The database half of a backup: a consistent snapshot, and putting one back.
 *
 * PGlite: a gzipped tar of its data directory taken after a CHECKPOINT while no other statement can run (we
 * hold its only session): what a restarted Postgres would find after a clean stop. A persistent directory is
 * streamed from disk to a temporary file (./pglite-dir.ts, bounded memory); an in-memory one (tests) goes
 * through PGlite's own `dumpDataDir`, the same format. Physical: it restores into the same PGlite (Postgres)
 * major version only.
 * Postgres server: `pg_dump --format=custom` in the snapshot of a repeatable-read transaction that also reads
 * the migration level and the counts, so all three describe the same moment; `pg_restore` puts it back.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { dumpPgliteDir } from './pglite-dir';
import { MIGRATIONS_FOLDER, queryRows, type Database, type DbOrTx } from '@/db/client';

export type MigrationLevel = { applied: number; lastTag: string | null; lastWhen: number | null };
export type SiteCounts = { articles: number; comments: number; users: number; pledges: number };
export type DatabaseKind = Database['kind'];

export const DB_MEMBER: Record<DatabaseKind, string> = { pglite: 'database/pglite.tar.gz', postgres: 'database/postgres.dump' };

type JournalEntry = { tag: string; when: number };

/** The migrations this code knows (db/migrations/meta/_journal.json). */
export function journalEntries(): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

function levelOf(applied: number, lastWhen: number | null): MigrationLevel {
  const entry = journalEntries().find((e) => e.when === lastWhen);
  return { applied, lastWhen, lastTag: entry?.tag ?? null };
}

const LEVEL_SQL = `select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`;
const COUNTS_SQL = `select (select count(*) from articles)::int as articles, (select count(*) from comments)::int as comments,
  (select count(*) from users)::int as users, (select count(*) from pledges)::int as pledges`;

export async function migrationLevel(db: DbOrTx): Promise<MigrationLevel> {
  const [row] = await queryRows<{ n: number; last: string | null }>(db, sql.raw(LEVEL_SQL));
  return levelOf(Number(row.n), row.last == null ? null : Number(row.last));
}

export async function siteCounts(db: DbOrTx): Promise<SiteCounts> {
  const [row] = await queryRows<SiteCounts>(db, sql.raw(COUNTS_SQL));
  return counted(row);
}

function counted(row: SiteCounts): SiteCounts {
  return { articles: Number(row.articles), comments: Number(row.comments), users: Number(row.users), pledges: Number(row.pledges) };
}

export type Snapshot = {
  kind: DatabaseKind;
  member: string;
  /** The dump: bytes (PGlite) or a temporary file (pg_dump), removed by cleanup(). */
  data?: Uint8Array;
  file?: string;
  size: number;
  level: MigrationLevel;
  counts: SiteCounts;
  serverVersion: string;
  tool: string;
  cleanup(): void;
};

type PgliteQuery = { query<T>(q: string): Promise<{ rows: T[] }> };
type PgliteClient = { dumpDataDir(c: 'gzip'): Promise<Blob>; transaction<T>(fn: (tx: PgliteQuery) => Promise<T>): Promise<T> };

function rawClient<T>(database: Database): T {
  const db = database.db as unknown as { $client?: T; $primary?: { $client: T } };
  return (db.$primary?.$client ?? db.$client)!;
}

/** A consistent snapshot of the database this process has open. `tmpDir` receives pg_dump's file. */
export async function snapshotDatabase(database: Database, opts: { url?: string; tmpDir: string }): Promise<Snapshot> {
  if (database.kind === 'pglite') {
    const client = rawClient<PgliteClient>(database);
    // Inside a transaction of our own (PGlite runs one at a time), so no other is half done in the dump; its
    // reads see what the dump holds.
    return client.transaction(async (tx) => {
      await tx.query('checkpoint');
      const [lv] = (await tx.query<{ n: number; last: string | null }>(LEVEL_SQL)).rows;
      const [counts] = (await tx.query<SiteCounts>(COUNTS_SQL)).rows;
      const [{ server_version: serverVersion }] = (await tx.query<{ server_version: string }>('show server_version')).rows;
      const common = {
        kind: 'pglite' as const,
        member: DB_MEMBER.pglite,
        level: levelOf(Number(lv.n), lv.last == null ? null : Number(lv.last)),
        counts: counted(counts),
        serverVersion,
      };
      if (!database.pgliteDir) {
        const data = new Uint8Array(await (await client.dumpDataDir('gzip')).arrayBuffer());
        return { ...common, data, size: data.byteLength, tool: 'PGlite dumpDataDir (@electric-sql/pglite)', cleanup() {} };
      }
      const file = path.join(opts.tmpDir, `broadsheet-pglite-${process.pid}-${Date.now()}.tar.gz`);
      try {
        const size = await dumpPgliteDir(database.pgliteDir, file);
        return {
          ...common,
          file,
          size,
          tool: 'PGlite data directory, streamed (tar-stream)',
          cleanup: () => fs.rmSync(file, { force: true }),
        };
      } catch (err) {
        fs.rmSync(file, { force: true });
        throw err;
      }
    });
  }
  const url = opts.url ?? process.env.DATABASE_URL;
  if (!url) throw new Error('No DATABASE_URL to dump');
  const conn = await rawClient<Sql>(database).reserve();
  const file = path.join(opts.tmpDir, `broadsheet-pgdump-${process.pid}-${Date.now()}.dump`);
  try {
    await conn.unsafe('begin transaction isolation level repeatable read read only');
    const [{ snapshot }] = await conn.unsafe<{ snapshot: string }[]>('select pg_export_snapshot() as snapshot');
    const [lv] = await conn.unsafe<{ n: number; last: string | null }[]>(LEVEL_SQL);
    const [counts] = await conn.unsafe<SiteCounts[]>(COUNTS_SQL);
    const [{ server_version: serverVersion }] = await conn.unsafe<{ server_version: string }[]>('show server_version');
    const tool = await pgTool('pg_dump', ['--version']);
    await pgTool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, '--file', file],
      url,
      serverVersion,
    );
    await conn.unsafe('commit');
    return {
      kind: 'postgres',
      member: DB_MEMBER.postgres,
      file,
      size: fs.statSync(file).size,
      level: levelOf(Number(lv.n), lv.last == null ? null : Number(lv.last)),
      counts: counted(counts),
      serverVersion,
      tool: tool.trim(),
      cleanup: () => fs.rmSync(file, { force: true }),
    };
  } catch (err) {
    await conn.unsafe('rollback').catch(() => {});
    fs.rmSync(file, { force: true });
    throw err;
  } finally {
    conn.release();
  }
}

/** The URL without its password, and the password for PGPASSWORD: a password never shows in the process list. */
function connection(url: string): { dbname: string; password: string | undefined } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { dbname: u.toString(), password };
}

const BIN: Record<'pg_dump' | 'pg_restore', string> = { pg_dump: 'PG_DUMP', pg_restore: 'PG_RESTORE' };

/** Runs pg_dump or pg_restore (PG_DUMP / PG_RESTORE name another binary); rejects with its error output and a hint. */
export function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[], url?: string, serverVersion?: string): Promise<string> {
  const bin = process.env[BIN[tool]] || tool;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const full = [...args];
  if (url) {
    const c = connection(url);
    full.push('--dbname', c.dbname);
    if (c.password) env.PGPASSWORD = c.password;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(bin, full, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errOut = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (errOut = (errOut + d).slice(-4000)));
    child.on('error', (err) =>
      reject(
        new Error(
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${bin} was not found: install the PostgreSQL client (Debian: apt-get install postgresql-client) or set ${BIN[tool]} to its path.`
            : `${bin} failed to start: ${err.message}`,
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const mismatch = /server version mismatch|unsupported version/i.test(errOut);
      reject(
        new Error(
          `${tool} failed (exit ${code}): ${errOut.trim()}` +
            (mismatch
              ? `\nThe server is PostgreSQL ${serverVersion ?? '(another version)'}: use a ${tool} of that major version or newer (set ${BIN[tool]}=/usr/lib/postgresql/<major>/bin/${tool}).`
              : ''),
        ),
      );
    });
  });
}

/** pg_restore of a custom-format dump into the (empty) database at `url`, in one transaction. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  await pgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', file], url);
}

/** Whether the database at `url` holds no table of ours (or of anyone's) yet. */
export async function postgresIsEmpty(url: string): Promise<boolean> {
  const { default: postgres } = await import('postgres');
  const s = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = await s<{ n: number }[]>`select count(*)::int as n from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema')`;
    return n === 0;
  } finally {
    await s.end({ timeout: 1 });
  }
}

/** Empties the database at `url`: drops the app's schemas (public, drizzle) and creates an empty public. */
export async function emptyPostgres(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const s = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await s.unsafe('drop schema if exists drizzle cascade');
    await s.unsafe('drop schema if exists public cascade');
    await s.unsafe('create schema public');
  } finally {
    await s.end({ timeout: 1 });
  }
}
