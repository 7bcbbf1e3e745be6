#!/usr/bin/env node
/**
 * `npm run cluster`: several app instances behind a round-robin load balancer on this machine, on one
 * Postgres and one Redis, as a newsroom would run them behind its own load balancer.
 *
 *   INSTANCES   number of app processes (`node server.mjs`, as `npm start`) (default 2; or `npm run cluster -- 3`)
 *   PORT        the balancer's port (default 3000); instances listen on PORT+1, PORT+2, ...
 *   DATABASE_URL  the Postgres server to use (migrated and seeded, idempotent). Unset: a throwaway server
 *               is created (initdb, needs the postgresql server binaries) and removed on exit.
 *   REDIS_URL   the Redis to share cache-tag invalidations through. Unset: a throwaway redis-server.
 *
 * Builds first when there is no build (`--rebuild` to force). Ctrl-C stops everything it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { startBalancer } from './balancer.mjs';
import { createCluster } from './pg-cluster.mjs';
import { freePort, startRedis } from './redis-server.mjs';

const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const instances = Number(arg ?? process.env.INSTANCES ?? 2);
const port = Number(process.env.PORT || 3000);
const url = `http://localhost:${port}`;

const env = { ...process.env, NODE_ENV: 'production', AUTH_TRUST_HOST: 'true' };
env.AUTH_SECRET ||= 'demo-only-secret-change-me-in-production-000';
env.SITE_URL ||= url;
// The balancer sets X-Real-IP to the client's address: the app's per-IP limits see real clients.
env.TRUSTED_IP_HEADERS ||= 'x-real-ip';

/** @type {(() => Promise<void> | void)[]} */
const cleanups = [];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(err);
    }
  }
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stop(0));

function step(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

try {
  if (!fs.existsSync('.next/BUILD_ID') || process.argv.includes('--rebuild')) step('node_modules/.bin/next', ['build']);

  if (!env.DATABASE_URL) {
    const pg = createCluster(await freePort());
    pg.start();
    cleanups.push(() => pg.destroy());
    env.DATABASE_URL = pg.url;
    console.log(`Postgres: a throwaway server at ${pg.url} (removed on exit)`);
  }
  step('node_modules/.bin/tsx', ['db/cli/seed.ts']);

  if (!env.REDIS_URL) {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    env.REDIS_URL = redis.url;
    console.log(`Redis: a throwaway server at ${redis.url}`);
  }

  const targets = [];
  for (let i = 0; i < instances; i++) {
    const p = port + 1 + i;
    const child = spawn(process.execPath, ['server.mjs', '-p', String(p), '-H', '127.0.0.1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(
      () =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(undefined);
          child.once('exit', () => resolve(undefined));
          child.kill('SIGTERM');
        }),
    );
    const prefix = (d) =>
      String(d)
        .split('\n')
        .filter(Boolean)
        .map((l) => `[${i}] ${l}`)
        .join('\n') + '\n';
    child.stdout.on('data', (d) => process.stdout.write(prefix(d)));
    child.stderr.on('data', (d) => process.stderr.write(prefix(d)));
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`instance ${i} exited (${code}): stopping the cluster`);
        void stop(1);
      }
    });
    await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (/Ready in/.test(out)) resolve(undefined);
      });
      child.once('exit', (code) => reject(new Error(`instance ${i} exited (${code}) before it was ready`)));
    });
    targets.push(`http://127.0.0.1:${p}`);
  }

  const balancer = await startBalancer({ targets, port, host: '0.0.0.0' });
  cleanups.push(() => balancer.close());
  console.log(`\n${instances} instances (${targets.join(', ')}) behind a round-robin balancer: ${url}`);
  console.log('Each answer says which instance served it in X-Served-By. Ctrl-C stops everything.\n');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await stop(1);
}
