/**
 * The one database module. With DATABASE_URL unset it opens an embedded PGlite (real Postgres in WASM)
 * under DATA_DIR (default .data/); with DATABASE_URL set it talks to a Postgres server through postgres.js.
 *
 * The client lives on globalThis and is opened, migrated and made ready lazily on the first getDb():
 * never at import time (Next.js may load this module several times in one process, and `next build`
 * must not touch the persistent data directory: it gets an in-memory database instead).
 */
import path from 'node:path';
import fs from 'node:fs';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { SQLWrapper } from 'drizzle-orm';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

type Listener = (payload: string) => void;

/** Process-wide count of SQL statements sent (for `npm run bench` and the caching test; see /api/health). */
const queryStats: { queries: number } = ((globalThis as { __broadsheetQueryStats?: { queries: number } }).__broadsheetQueryStats ??= { queries: 0 });
export function queryCount(): number {
  return queryStats.queries;
}
const logger = { logQuery: () => void queryStats.queries++ };

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Postgres LISTEN; returns an unlisten function. Works across app instances on a shared server. */
  listen(channel: string, onNotify: Listener): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Runs fn while holding a session advisory lock (no-op lock on PGlite: one process per directory). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || '.data');
}

export type OpenOptions = {
  /** postgres:// URL; when absent, PGlite. */
  url?: string;
  /** PGlite data directory, or 'memory://' for an in-memory database. */
  pgliteDir?: string;
  /** Run migrations after opening (default true). */
  migrate?: boolean;
};

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url) : await openPglite(opts.pgliteDir ?? defaultPgliteDir());
  if (opts.migrate !== false) await migrateDatabase(database);
  return database;
}

function defaultPgliteDir(): string {
  if (process.env.NEXT_PHASE === 'phase-production-build') return 'memory://';
  if (process.env.PGLITE_DIR) return process.env.PGLITE_DIR;
  return path.join(dataDir(), 'pglite');
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  await client.waitReady;
  const db = drizzle({ client, schema, casing: 'snake_case', logger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async listen(channel, onNotify) {
      const unsub = await client.listen(channel, onNotify);
      return async () => unsub();
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    withLock: (fn) => fn(),
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_MAX || 10),
    onnotice: () => {},
    connection: { application_name: 'broadsheet' },
  });
  const db = drizzle({ client, schema, casing: 'snake_case', logger });
  return {
    db,
    kind: 'postgres',
    async listen(channel, onNotify) {
      const sub = await client.listen(channel, onNotify);
      return () => sub.unlisten();
    },
    async notify(channel, payload) {
      await client.notify(channel, payload);
    },
    async withLock(fn) {
      const conn = await client.reserve();
      try {
        await conn`select pg_advisory_lock(727274)`;
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(727274)`.catch(() => {});
        conn.release();
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/** Applies checked-in migrations; an advisory lock keeps several app instances from migrating at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  await database.withLock(() => migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER }));
}

type Holder = { promise?: Promise<Database> };
const holder: Holder = ((globalThis as { __broadsheetDb?: Holder }).__broadsheetDb ??= {});

/** The process-wide database, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
  holder.promise ??= openDatabase({ url: process.env.DATABASE_URL || undefined }).catch((err) => {
    holder.promise = undefined;
    throw err;
  });
  return holder.promise;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const p = holder.promise;
  holder.promise = undefined;
  if (p) await (await p).close();
}

/**
 * Rows of a raw `db.execute(sql...)`: postgres.js returns an array, PGlite an object with `rows`.
 * Use this instead of destructuring execute()'s result directly.
 */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQLWrapper): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
