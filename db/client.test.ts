/**
 * The database client against a real Postgres server that goes away and comes back: our own throwaway
 * cluster on a free port (never the shared one), stopped and started during the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../e2e/support/pg-cluster';
import { closeDatabase, closeHealthProbe, databaseAvailable, getDatabase, isConnectionError, noteDatabaseError, queryRows } from './client';
import { sql } from 'drizzle-orm';
import net from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
  });
}

let cluster: Cluster;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => void crashes.push(err);
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  // A free port, so this file can run while the other suite (PGlite or server) runs its own copy.
  cluster = createCluster(await freePort());
  cluster.start();
  process.env.DATABASE_URL = cluster.url;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});

afterAll(async () => {
  await closeDatabase().catch(() => {});
  await closeHealthProbe();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  cluster?.destroy();
});

/** Notifications as events: `next(ms)` resolves with the next payload, or rejects after `ms` (an upper bound). */
function channel() {
  const waiters: ((payload: string) => void)[] = [];
  return {
    onNotify: (payload: string) => void waiters.splice(0).forEach((w) => w(payload)),
    next: (ms: number) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no notification')), ms);
        waiters.push((p) => {
          clearTimeout(timer);
          resolve(p);
        });
      }),
  };
}

describe('a Postgres server that restarts', () => {
  it('is reported unavailable while stopped, available again once started, and LISTEN survives it without a crash', async () => {
    const database = await getDatabase();
    const ch = channel();
    const unlisten = await database.listen('client_test', ch.onNotify);
    const first = ch.next(10_000);
    await database.notify('client_test', 'before');
    expect(await first).toBe('before');
    expect(await databaseAvailable({ fresh: true })).toBe(true);

    cluster.stop();
    expect(await databaseAvailable({ fresh: true })).toBe(false);
    // The remembered answer: no probe per request while down.
    expect(await databaseAvailable()).toBe(false);
    // A read waits for the server a while (DATABASE_RETRY_WAIT_MS), then fails; the default 10 s would only be slow.
    process.env.DATABASE_RETRY_WAIT_MS = '1000';
    const failed = await database.db.execute(sql`select 1`).then(
      () => null,
      (err: unknown) => err,
    );
    delete process.env.DATABASE_RETRY_WAIT_MS;
    expect(failed).toBeTruthy();
    expect(isConnectionError(failed)).toBe(true);
    noteDatabaseError(failed);

    cluster.start();
    expect(await databaseAvailable({ fresh: true })).toBe(true);
    expect(await database.db.execute(sql`select 1`)).toBeTruthy();
    // postgres.js re-listens on its own after the restart (when, is up to it): notify until one arrives.
    let got: string | undefined;
    for (let i = 0; i < 50 && got === undefined; i++) {
      const next = ch.next(300).catch(() => undefined);
      await database.notify('client_test', 'after');
      got = await next;
    }
    expect(got).toBe('after');
    await unlisten();
    expect(crashes).toEqual([]);
  });

  // Third audit, item 7: a restart failed the statements in flight on the pooled connections (CONNECTION_CLOSED,
  // 57P01), and each became a 500 or "Something went wrong".
  it('through a restart in the middle of traffic, reads are answered and writes are kept or refused, never sent twice', async () => {
    const { db } = await getDatabase();
    await db.execute(sql`create table if not exists restart_writes (id text primary key)`);
    type Outcome = { kind: 'read' | 'insert' | 'transaction'; id: string; error?: unknown };
    const outcomes: Outcome[] = [];
    const done = { before: 0, after: 0 };
    let restarted = false;
    let running = true;
    let flowing!: () => void;
    let recovered!: () => void;
    const isFlowing = new Promise<void>((r) => (flowing = r));
    const isRecovered = new Promise<void>((r) => (recovered = r));
    let n = 0;
    const worker = async (kind: Outcome['kind']) => {
      while (running) {
        const id = `${kind}-${n++}`;
        try {
          if (kind === 'read') await db.execute(sql`select pg_sleep(0.01), ${id}::text`);
          else if (kind === 'insert') await db.execute(sql`insert into restart_writes values (${id})`);
          else
            await db.transaction(async (tx) => {
              await tx.execute(sql`select pg_sleep(0.01)`);
              await tx.execute(sql`insert into restart_writes values (${id})`);
            });
          outcomes.push({ kind, id });
          if (restarted && ++done.after >= 60) recovered();
          if (!restarted && ++done.before >= 60) flowing();
        } catch (error) {
          outcomes.push({ kind, id, error });
        }
      }
    };
    const workers = (['read', 'read', 'read', 'read', 'insert', 'insert', 'transaction', 'transaction'] as const).map(worker);
    await isFlowing;
    await cluster.restart('fast');
    restarted = true;
    await isRecovered;
    running = false;
    await Promise.all(workers);

    const failed = outcomes.filter((o) => o.error);
    // Every read was answered: those in flight were tried again once the server was back.
    const codes = (err: unknown): string[] =>
      err && typeof err === 'object'
        ? [String((err as { code?: unknown }).code ?? (err as Error).name), ...codes((err as Error).cause)]
        : [];
    expect(failed.filter((o) => o.kind === 'read').map((o) => codes(o.error).join(' < '))).toEqual([]);
    // A write that was not acknowledged failed as "unavailable", saying whether it may have been saved.
    const unavailable = (err: unknown) => {
      for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause)
        if ((e as Error).name === 'DatabaseUnavailableError') return e as Error & { maybeSaved: boolean };
      throw new Error(`not a DatabaseUnavailableError: ${String(err)}`);
    };
    const saved = new Set((await queryRows<{ id: string }>(db, sql`select id from restart_writes`)).map((r) => r.id));
    const acknowledged = outcomes.filter((o) => o.kind !== 'read' && !o.error);
    expect(acknowledged.filter((o) => !saved.has(o.id))).toEqual([]);
    const refused = failed.filter((f) => !unavailable(f.error).maybeSaved);
    expect(refused.filter((o) => saved.has(o.id))).toEqual([]);
    expect(crashes).toEqual([]);
  });

  it('tells connection errors from query errors', () => {
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Failed query', { cause: Object.assign(new Error('x'), { code: '57P01' }) }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '22021' }))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
