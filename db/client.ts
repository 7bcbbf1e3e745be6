/**
 * The one database module. With DATABASE_URL unset it opens an embedded PGlite (real Postgres in WASM)
 * under DATA_DIR (default .data/); with DATABASE_URL set it talks to a Postgres server through postgres.js.
 *
 * The client lives on globalThis and is opened, migrated and made ready lazily on the first getDb():
 * never at import time (Next.js may load this module several times in one process, and `next build`
 * must not touch the persistent data directory: it gets an in-memory database instead).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import fs from 'node:fs';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { SQLWrapper } from 'drizzle-orm';
import { withReplicas } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import { resilient, waitForServer } from './resilient';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

type Listener = (payload: string) => void;

/**
 * Process-wide counts of SQL statements sent (for `npm run bench` and the caching test; see /api/health):
 * `queries` for statements sent while serving requests, `background` for those of the instance's own timers
 * (the publish job, the notification flusher), which run whether or not anyone reads a page.
 */
type QueryStats = { queries: number; background: number };
const queryStats: QueryStats = ((globalThis as { __broadsheetQueryStats?: QueryStats }).__broadsheetQueryStats ??= {
  queries: 0,
  background: 0,
});
queryStats.background ??= 0;
const backgroundWork: AsyncLocalStorage<true> = ((
  globalThis as { __broadsheetBackgroundWork?: AsyncLocalStorage<true> }
).__broadsheetBackgroundWork ??= new AsyncLocalStorage<true>());
export function queryCount(): number {
  return queryStats.queries;
}
export function backgroundQueryCount(): number {
  return queryStats.background;
}
/**
 * Runs a timer's work as belonging to no request, even when the timer was set during one: its statements count
 * as background, and its cache invalidations go straight to the cache handlers (lib/cache-invalidate.ts).
 */
export function asBackgroundWork<T>(fn: () => T): T {
  return backgroundWork.run(true, fn);
}
export function isBackgroundWork(): boolean {
  return backgroundWork.getStore() === true;
}
const logger = { logQuery: () => void (backgroundWork.getStore() ? queryStats.background++ : queryStats.queries++) };

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** A persistent PGlite's data directory (absent for an in-memory one and for a Postgres server). */
  pgliteDir?: string;
  /** Postgres LISTEN; returns an unlisten function. Works across app instances on a shared server. */
  listen(channel: string, onNotify: Listener): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Runs fn while holding a session advisory lock (no-op lock on PGlite: one process per directory). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs fn only if the advisory lock `key` is free (on PGlite: free in this process), holding it meanwhile;
   * `{ locked: false }` when another instance holds it. For work exactly one instance of a cluster must do.
   */
  tryLock<T>(key: number, fn: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || '.data');
}

export type OpenOptions = {
  /** postgres:// URL; when absent, PGlite. */
  url?: string;
  /** A read replica of `url` (default DATABASE_REPLICA_URL); see replicaSetup(). */
  replicaUrl?: string;
  /** PGlite data directory, or 'memory://' for an in-memory database. */
  pgliteDir?: string;
  /** Run migrations after opening (default true). */
  migrate?: boolean;
};

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url
    ? await openPostgres(opts.url, opts.replicaUrl ?? (process.env.DATABASE_REPLICA_URL || undefined))
    : await openPglite(opts.pgliteDir ?? defaultPgliteDir());
  if (opts.migrate !== false) await migrateDatabase(database);
  return database;
}

/** The PGlite data directory this process uses (PGLITE_DIR, else DATA_DIR/pglite). */
export function defaultPgliteDir(): string {
  if (process.env.NEXT_PHASE === 'phase-production-build') return 'memory://';
  if (process.env.PGLITE_DIR) return process.env.PGLITE_DIR;
  return path.join(dataDir(), 'pglite');
}

/**
 * Postgres' buffer pool inside PGlite (PGLITE_SHARED_BUFFERS, Postgres units). Postgres's default, 128MB, is
 * resident in the app's process from the start (Postgres zeroes it); PGlite reads real files, which the
 * operating system caches anyway, so a small pool costs little and leaves the memory to the app.
 */
export function pgliteSharedBuffers(value = process.env.PGLITE_SHARED_BUFFERS || '32MB'): string {
  if (!/^\d+(kB|MB|GB)$/.test(value)) throw new Error(`PGLITE_SHARED_BUFFERS must be a size like 32MB (got "${value}")`);
  return value;
}

/**
 * Who has a PGlite data directory open: `<dir>.holder.json` next to it, written when a process opens it and
 * removed when it closes it. PGlite is one process per directory (a second one corrupts it), so the backup,
 * restore and export commands read this to go through the running app, or refuse, instead of opening it too.
 */
export type PgliteHolder = { pid: number; app: boolean; origin: string | null; port: string | null };

export function pgliteHolderFile(dir = defaultPgliteDir()): string {
  return `${path.resolve(/*turbopackIgnore: true*/ dir)}.holder.json`;
}

/** The live process (not this one) that has the directory open, or null. */
export function pgliteHolder(dir = defaultPgliteDir()): PgliteHolder | null {
  let holder: PgliteHolder;
  try {
    holder = JSON.parse(fs.readFileSync(pgliteHolderFile(dir), 'utf8')) as PgliteHolder;
  } catch {
    return null;
  }
  if (!Number.isInteger(holder.pid) || holder.pid === process.pid) return null;
  try {
    process.kill(holder.pid, 0);
    return holder;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? holder : null;
  }
}

function holdPgliteDir(dir: string): () => void {
  const file = pgliteHolderFile(dir);
  const holder: PgliteHolder = {
    pid: process.pid,
    app: !!process.env.NEXT_RUNTIME,
    origin: process.env.__NEXT_PRIVATE_ORIGIN ?? null,
    port: process.env.PORT ?? null,
  };
  try {
    fs.writeFileSync(file, JSON.stringify(holder));
  } catch {
    return () => {};
  }
  const release = () => {
    try {
      if ((JSON.parse(fs.readFileSync(file, 'utf8')) as PgliteHolder).pid === process.pid) fs.rmSync(file, { force: true });
    } catch {}
  };
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const persistent = !dir.startsWith('memory://');
  if (persistent) fs.mkdirSync(dir, { recursive: true });
  // Tests: an in-memory database starts as a copy of the migrated template vitest's globalSetup dumped.
  const template = dir.startsWith('memory://') ? process.env.PGLITE_TEMPLATE : undefined;
  const client = new PGlite(dir, {
    ...(template ? { loadDataDir: new Blob([fs.readFileSync(template)]) } : {}),
    postgresqlconf: [`shared_buffers = ${pgliteSharedBuffers()}`],
  });
  await client.waitReady;
  const release = persistent ? holdPgliteDir(dir) : () => {};
  const db = drizzle({ client, schema, casing: 'snake_case', logger }) as unknown as Db;
  const held = new Set<number>();
  return {
    db,
    kind: 'pglite',
    ...(persistent ? { pgliteDir: path.resolve(/*turbopackIgnore: true*/ dir) } : {}),
    async listen(channel, onNotify) {
      const unsub = await client.listen(channel, onNotify);
      return async () => unsub();
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    withLock: (fn) => fn(),
    async tryLock(key, fn) {
      if (held.has(key)) return { locked: false };
      held.add(key);
      try {
        return { locked: true, value: await fn() };
      } finally {
        held.delete(key);
      }
    },
    async close() {
      await client.close();
      release();
    },
  };
}

/**
 * A read replica (DATABASE_REPLICA_URL) takes the plain reads (Drizzle's withReplicas: select and relational
 * queries outside a transaction); writes, transactions and raw SQL go to the primary. It is used only when the
 * primary names a synchronous standby (`synchronous_standby_names`): our connections then commit with
 * `synchronous_commit = remote_apply`, so a write is on the standby before the write returns, and every
 * later read (this request's, another instance's after a cache invalidation, a session check after a
 * sign-out) sees it. Without one, a replica could answer from before a write and that answer would be cached
 * until the next invalidation: the app then logs why and reads from the primary.
 */
async function replicaSetup(url: string, replicaUrl: string | undefined): Promise<boolean> {
  if (!replicaUrl) return false;
  const { default: postgres } = await import('postgres');
  const probe = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await probe<{ names: string }[]>`select current_setting('synchronous_standby_names') as names`;
    if (row?.names) return true;
    console.error(
      '[database] DATABASE_REPLICA_URL is not used: the primary has no synchronous standby (synchronous_standby_names is empty), so a read from the replica could miss a write that was just made. Reading from the primary.',
    );
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

async function openPostgres(url: string, replicaUrl: string | undefined): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const useReplica = await replicaSetup(url, replicaUrl);
  // A statement that lost its connection to a restart is tried again when that is safe (db/resilient.ts).
  const client = resilient(
    postgres(url, {
      max: Number(process.env.DATABASE_POOL_MAX || 10),
      onnotice: () => {},
      connection: useReplica ? { application_name: 'broadsheet', synchronous_commit: 'remote_apply' } : { application_name: 'broadsheet' },
      // A server that is not there answers at once (refused); one that does not answer at all must not hold
      // a request for postgres.js's default 30 s.
      connect_timeout: 10,
      // A pooled connection closed under us (server restart, network): look again before the next request.
      onclose: () => void (health.checkedAt = 0),
      backoff: RECONNECT_BACKOFF,
    }),
    { isConnectionError, waitForDatabase, retryWaitMs },
  );
  const primary = drizzle({ client, schema, casing: 'snake_case', logger });
  const replicaClient = useReplica
    ? resilient(
        postgres(replicaUrl!, {
          max: Number(process.env.DATABASE_POOL_MAX || 10),
          onnotice: () => {},
          connect_timeout: 10,
          connection: { application_name: 'broadsheet-replica' },
        }),
        { isConnectionError, waitForDatabase, retryWaitMs },
      )
    : null;
  // While the replica does not answer (a probe every 2 s), reads go to the primary; one line per outage.
  const replica = { up: true, timer: undefined as NodeJS.Timeout | undefined };
  if (replicaClient) {
    const check = async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          replicaClient`select 1`,
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), 2000))),
        ]);
        if (!replica.up) console.error('[database] replica reachable again: reads go to it');
        replica.up = true;
      } catch (err) {
        if (replica.up)
          console.error(
            `[database] replica unreachable (${(err as { code?: string }).code ?? (err as Error).message}): reading from the primary`,
          );
        replica.up = false;
      } finally {
        clearTimeout(timer);
      }
    };
    replica.timer = setInterval(() => void check(), 2000);
    replica.timer.unref();
  }
  const db: Db = replicaClient
    ? withReplicas(primary, [drizzle({ client: replicaClient, schema, casing: 'snake_case', logger })], ([r]) => (replica.up ? r : primary))
    : primary;
  const listening: { client?: Sql; count: number } = { count: 0 };
  return {
    db,
    kind: 'postgres',
    // LISTEN holds a connection of its own (postgres.js reconnects it and re-listens after a restart); it
    // lives on a separate client so that the last unlisten (shutdown) can close that connection too.
    async listen(channel, onNotify) {
      const listener = (listening.client ??= postgres(url, {
        max: 1,
        onnotice: () => {},
        connect_timeout: 10,
        connection: { application_name: 'broadsheet-listen' },
      }));
      const sub = await listener.listen(channel, onNotify);
      listening.count++;
      let done = false;
      return async () => {
        if (done) return;
        done = true;
        await sub.unlisten().catch(() => {});
        if (--listening.count === 0 && listening.client === listener) {
          listening.client = undefined;
          await listener.end({ timeout: 1 }).catch(() => {});
        }
      };
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
    async tryLock(key, fn) {
      const conn = await client.reserve();
      try {
        const [{ ok }] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(${key}) as ok`;
        if (!ok) return { locked: false };
        try {
          return { locked: true, value: await fn() };
        } finally {
          await conn`select pg_advisory_unlock(${key})`.catch(() => {});
        }
      } finally {
        conn.release();
      }
    },
    async close() {
      clearInterval(replica.timer);
      await Promise.all([client.end({ timeout: 5 }), replicaClient?.end({ timeout: 5 }), listening.client?.end({ timeout: 1 })]);
      listening.client = undefined;
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

// ---------------------------------------------------------------------------------------------------------
// Availability of a Postgres server. Next.js starts a page's response (and its status) before the render
// that would fail, so the status of an outage is decided before rendering: proxy.ts asks
// databaseAvailable() and answers 503 with Retry-After while the server is unreachable. The answer is
// remembered (a few seconds while up, one second while down) and refreshed by a single probe on its own
// one-connection client, so no request waits behind a busy pool and no request pays a query for it.
// PGlite runs in this process and cannot go away: it is always available.

type Health = { down: boolean; checkedAt: number; since?: number; probing?: Promise<boolean>; probe?: { sql: Sql; url: string } };
const health: Health = ((globalThis as { __broadsheetDbHealth?: Health }).__broadsheetDbHealth ??= { down: false, checkedAt: 0 });
const UP_RECHECK_MS = 5_000;
const DOWN_RECHECK_MS = 1_000;
const PROBE_TIMEOUT_MS = 3_000;

/**
 * Seconds postgres.js waits before reconnecting after failed attempts. Its default grows to 20 s after a few
 * failures, which kept the site on 503 (and a retried statement waiting) long after the server was back.
 */
const RECONNECT_BACKOFF = (failures: number) => Math.min(0.05 * 2 ** failures, 1);

/** Seconds a client should wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 30;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  // SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
  '57P01',
  '57P02',
  '57P03',
]);

/** True when `err` (or an error it wraps, as Drizzle does) says the database server could not be reached. */
export function isConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  }
  return false;
}

function markDown(reason: string) {
  if (health.down) return;
  health.down = true;
  health.since = Date.now();
  // One line per outage, not one per request.
  console.error(`[database] unreachable (${reason}): answering 503 until it is back`);
}

function markUp() {
  health.checkedAt = Date.now();
  if (!health.down) return;
  health.down = false;
  console.error(`[database] reachable again after ${Math.round((Date.now() - (health.since ?? Date.now())) / 1000)} s`);
}

/** Records an error seen by a request: a connection error marks the database down until a probe succeeds. */
export function noteDatabaseError(err: unknown): void {
  if (!process.env.DATABASE_URL || !isConnectionError(err)) return;
  health.checkedAt = Date.now();
  markDown(errorCode(err));
}

/** Records a query that worked (the health endpoint): an outage is over at once, without waiting for a probe. */
export function noteDatabaseOk(): void {
  if (process.env.DATABASE_URL) markUp();
}

function errorCode(err: unknown): string {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return 'unknown error';
}

async function probe(url: string): Promise<boolean> {
  if (health.probe?.url !== url) {
    const { default: postgres } = await import('postgres');
    const old = health.probe;
    health.probe = {
      url,
      sql: postgres(url, {
        max: 1,
        idle_timeout: 60,
        connect_timeout: PROBE_TIMEOUT_MS / 1000,
        // Every probe tries to connect at once: the probes themselves are spaced (DOWN_RECHECK_MS).
        backoff: () => 0,
        onnotice: () => {},
        connection: { application_name: 'broadsheet-probe' },
      }),
    };
    void old?.sql.end({ timeout: 0 }).catch(() => {});
  }
  const sql = health.probe.sql;
  let failure: unknown;
  // Twice: the first attempt after a restart may run on the connection the old server closed.
  for (let attempt = 0; attempt < 2; attempt++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        sql`select 1`,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error('probe timed out'), { code: 'ETIMEDOUT' })), PROBE_TIMEOUT_MS);
        }),
      ]);
      markUp();
      return true;
    } catch (err) {
      failure = err;
    } finally {
      clearTimeout(timer);
    }
  }
  health.checkedAt = Date.now();
  markDown(errorCode(failure));
  return false;
}

/** Whether the database can take requests now (always true on PGlite). Cheap: a remembered answer. */
export async function databaseAvailable({ fresh = false }: { fresh?: boolean } = {}): Promise<boolean> {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.NEXT_PHASE === 'phase-production-build') return true;
  if (!fresh && Date.now() - health.checkedAt < (health.down ? DOWN_RECHECK_MS : UP_RECHECK_MS)) return !health.down;
  health.probing ??= probe(url).finally(() => {
    health.probing = undefined;
  });
  return health.probing;
}

/** How long a statement that lost its connection may wait for the server to answer again (ms). */
const retryWaitMs = () => Number(process.env.DATABASE_RETRY_WAIT_MS) || 10_000;

/**
 * Waits until the server answers again (a restart takes a second or two), until `deadline`; false when it did
 * not. Concurrent waiters share each probe; a success opens the gate (proxy.ts) at once.
 */
export async function waitForDatabase(deadline: number): Promise<boolean> {
  const url = process.env.DATABASE_URL;
  if (!url || !(await waitForServer(url, deadline, PROBE_TIMEOUT_MS))) return false;
  markUp();
  return true;
}

/** Ends the probe client (shutdown, tests). */
export async function closeHealthProbe(): Promise<void> {
  const p = health.probe;
  health.probe = undefined;
  health.checkedAt = 0;
  if (p) await p.sql.end({ timeout: 1 }).catch(() => {});
}

/**
 * Rows of a raw `db.execute(sql...)`: postgres.js returns an array, PGlite an object with `rows`.
 * Use this instead of destructuring execute()'s result directly.
 */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQLWrapper): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
