/**
 * Statements through a Postgres server that restarts under us. A restart (or a failover) closes every pooled
 * connection, and the statements in flight on them fail (57P01 admin_shutdown, CONNECTION_CLOSED) while the
 * server may be back half a second later. What may be tried again, and what may not:
 *
 * - a read outside a transaction: always (it changed nothing), each time the server answers a probe again,
 *   for at most DATABASE_RETRY_WAIT_MS (default 10 s), on a connection postgres.js opens afresh;
 * - a write, or a transaction, only when it failed before it could reach the server (the connection could
 *   not be opened: refused, unreachable, starting up). A write whose connection broke after it was sent may
 *   have committed: it is never sent twice.
 *
 * Whatever is not retried, or fails again, ends as a DatabaseUnavailableError that says whether the write
 * may have been saved (a broken COMMIT) or certainly was not, for the message the person gets
 * (lib/actions/safe-action.ts).
 */
import type { Sql } from 'postgres';

/** The database could not be reached for this statement or transaction; see `maybeSaved`. */
export class DatabaseUnavailableError extends Error {
  constructor(
    /** True when a write was sent and its outcome is unknown (it may have committed). */
    readonly maybeSaved: boolean,
    cause: unknown,
  ) {
    super(maybeSaved ? 'database connection lost while writing' : 'database unreachable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * What a failure says about a write, when the database could not be reached: null for any other failure.
 * A lost connection this module did not classify (LISTEN/NOTIFY, a reserved connection) may have been saved.
 */
export function databaseFailure(err: unknown, isConnectionError: (err: unknown) => boolean): { maybeSaved: boolean } | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return { maybeSaved: e.maybeSaved };
  }
  return isConnectionError(err) ? { maybeSaved: true } : null;
}

/** Connection failures that happen before a statement can be sent: nothing of it ran. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT', '57P03']);

function codes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') out.push(code);
  }
  return out;
}

const neverSent = (err: unknown) => codes(err).some((c) => NOT_SENT.has(c));

/** A statement that only reads: no data-modifying keyword, no function with side effects. */
export function isReadOnly(statement: string): boolean {
  return (
    /^\s*(select|with)\b/i.test(statement) &&
    !/\b(insert|update|delete|merge|nextval|setval|set_config|pg_notify|pg_advisory\w*|pg_try_advisory\w*)\b/i.test(statement)
  );
}

export type ResilienceOptions = {
  isConnectionError: (err: unknown) => boolean;
  /** Resolves true once the server answers again, false when it did not before `deadline` (ms since epoch). */
  waitForDatabase: (deadline: number) => Promise<boolean>;
  /** How long one statement or transaction may wait for the server in all (ms). */
  retryWaitMs: () => number;
};

/**
 * Whether to try again after a connection failure: once the server answers a probe, until the statement's
 * deadline. A probe can still be answered while a fast shutdown is under way, and the attempt after it then
 * meets the shutdown too (57P01, 57P03): attempts after the second are spaced a little.
 */
async function again(attempt: number, deadline: number, o: ResilienceOptions): Promise<boolean> {
  if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 250));
  return Date.now() < deadline && (await o.waitForDatabase(deadline));
}

async function statement<T>(send: () => PromiseLike<T>, read: boolean, o: ResilienceOptions): Promise<T> {
  let deadline = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!o.isConnectionError(err)) throw err;
      if (!read && !neverSent(err)) throw new DatabaseUnavailableError(true, err);
      deadline ||= Date.now() + o.retryWaitMs();
      if (!(await again(attempt, deadline, o))) throw new DatabaseUnavailableError(false, err);
    }
  }
}

type Begin = (...args: unknown[]) => Promise<unknown>;

async function transaction(begin: Begin, args: unknown[], o: ResilienceOptions): Promise<unknown> {
  const fn = args.at(-1) as (tx: unknown) => unknown;
  const options = args.length > 1 ? [args[0]] : [];
  let deadline = 0;
  for (let attempt = 1; ; attempt++) {
    const at: { phase: 'begin' | 'body' | 'commit' } = { phase: 'begin' };
    try {
      return await begin(...options, async (tx: unknown) => {
        at.phase = 'body';
        const result = await fn(tx);
        at.phase = 'commit';
        return result;
      });
    } catch (err) {
      if (!o.isConnectionError(err)) throw err;
      // Before its body ran, a transaction did nothing: it may start again on a fresh connection. A body that
      // failed was rolled back with its connection; a COMMIT that failed may or may not have been applied.
      if (at.phase !== 'begin') throw new DatabaseUnavailableError(at.phase === 'commit', err);
      deadline ||= Date.now() + o.retryWaitMs();
      if (!(await again(attempt, deadline, o))) throw new DatabaseUnavailableError(false, err);
    }
  }
}

/**
 * The postgres.js client as Drizzle uses it (`unsafe` for statements, `begin` for transactions), with the
 * retries above. Everything else (LISTEN/NOTIFY, reserve, end) is the client's own.
 */
export function resilient(client: Sql, o: ResilienceOptions): Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (...args: Parameters<Sql['unsafe']>) => {
          let shape: 'values' | 'raw' | null = null;
          const send = () => {
            const q = target.unsafe(...args);
            return shape === 'values' ? q.values() : shape === 'raw' ? q.raw() : q;
          };
          let result: Promise<unknown> | undefined;
          const run = () => (result ??= statement(send, isReadOnly(String(args[0])), o));
          // Drizzle awaits `unsafe(...)` or `unsafe(...).values()`: the same lazy shape as a postgres.js query.
          const pending = {
            values: () => ((shape = 'values'), pending),
            raw: () => ((shape = 'raw'), pending),
            then: (ok?: (v: unknown) => unknown, ko?: (e: unknown) => unknown) => run().then(ok, ko),
            catch: (ko?: (e: unknown) => unknown) => run().catch(ko),
            finally: (f?: () => void) => run().finally(f),
          };
          return pending;
        };
      }
      if (prop === 'begin') return (...args: unknown[]) => transaction(target.begin.bind(target) as Begin, args, o);
      return Reflect.get(target, prop, receiver);
    },
  });
}

let answering: Promise<boolean> | undefined;

/**
 * Whether a connection opened for the purpose answers now (nothing left from before a restart can answer for the
 * server); concurrent callers share one attempt.
 */
function answersNow(url: string, timeoutMs: number): Promise<boolean> {
  answering ??= (async () => {
    const { default: postgres } = await import('postgres');
    const sql = postgres(url, {
      max: 1,
      connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
      backoff: () => 0,
      onnotice: () => {},
      connection: { application_name: 'broadsheet-probe' },
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        sql`select 1`,
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), timeoutMs))),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      void sql.end({ timeout: 0 }).catch(() => {});
    }
  })().finally(() => (answering = undefined));
  return answering;
}

/** Polls the server (every 250 ms) until it answers, or until `deadline` (ms since epoch): whether it did. */
export async function waitForServer(url: string, deadline: number, probeTimeoutMs: number): Promise<boolean> {
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    if (await answersNow(url, Math.min(left, probeTimeoutMs))) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
