/**
 * The database client against a real Postgres server that goes away and comes back: our own throwaway
 * cluster on a free port (never the shared one), stopped and started during the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../e2e/support/pg-cluster';
import { closeDatabase, closeHealthProbe, databaseAvailable, getDatabase, isConnectionError, noteDatabaseError } from './client';
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
    const failed = await database.db.execute(sql`select 1`).then(
      () => null,
      (err: unknown) => err,
    );
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

  it('tells connection errors from query errors', () => {
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(new Error('Failed query', { cause: Object.assign(new Error('x'), { code: '57P01' }) }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '22021' }))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
