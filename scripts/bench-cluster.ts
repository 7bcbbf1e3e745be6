/**
 * The two-instance line of `npm run bench` (issue #13): the 1,000-comment article at 50 connections through
 * the round-robin balancer (scripts/balancer.mjs, in a process of its own) in front of one instance, then in
 * front of two, on one Postgres server and one Redis (REDIS_URL), so both figures pay the same proxy hop.
 *
 * Several instances need a database server: BENCH_DATABASE_URL (already seeded by the bench), or a throwaway
 * one created and seeded here (scripts/pg-cluster.mjs). Redis: a throwaway redis-server.
 * On a machine with few cores the instances, the balancer and autocannon share them: the ratio says how much
 * a second instance adds *here*, not on separate machines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { THOUSAND_SLUG } from '../db/seed/fixtures';
import { formatTable } from './bench-lib';
import { createCluster, type Cluster } from './pg-cluster.mjs';
import { freePort, startRedis, type TestRedis } from './redis-server.mjs';

type Line = { setup: string; rps: number; p50: number; p99: number; errors: number; served: string };

async function waitHealthy(url: string, proc: ChildProcess) {
  for (let i = 0; i < 480; i++) {
    if (proc.exitCode !== null) throw new Error(`${url}: exited (${proc.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy`);
}

async function stop(proc: ChildProcess | undefined) {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

function balancerProcess(port: number, targets: string[]): ChildProcess {
  const code = `import('./scripts/balancer.mjs').then((m) => m.startBalancer(${JSON.stringify({ targets, port })})).then(() => console.log('ready'))`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function throughBalancer(setup: string, port: number, targets: string[], path: string, seconds: number): Promise<Line> {
  const lb = balancerProcess(port, targets);
  try {
    await new Promise<void>((resolve, reject) => {
      lb.stdout!.on('data', (d) => /ready/.test(String(d)) && resolve());
      lb.once('exit', (code) => reject(new Error(`balancer exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}${path}`;
    // Every instance renders the page once and then serves it from its cache, as in the one-instance lines.
    for (let i = 0; i < targets.length * 2; i++) await (await fetch(url)).text();
    await autocannon({ url, connections: 10, duration: 1 });
    const r = await autocannon({ url, connections: 50, duration: seconds });
    return {
      setup,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts + r.non2xx,
      served: `${targets.length} instance${targets.length > 1 ? 's' : ''}`,
    };
  } finally {
    await stop(lb);
  }
}

/** Prints the line; never fails the bench (a machine without the server binaries gets a note instead). */
export async function benchTwoInstances(baseEnv: NodeJS.ProcessEnv, seconds: number): Promise<void> {
  console.log('\nTwo instances vs one (issue #13): article, 1,000 comments, c50, through the balancer');
  let pg: Cluster | undefined;
  let redis: TestRedis | undefined;
  const procs: ChildProcess[] = [];
  try {
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    delete env.DATA_DIR;
    if (!process.env.BENCH_DATABASE_URL) {
      pg = createCluster(await freePort());
      pg.start();
      env.DATABASE_URL = pg.url;
      const seed = spawnSync('node_modules/.bin/tsx', ['db/cli/seed.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      if (seed.status !== 0) throw new Error('seeding the throwaway Postgres server failed');
    } else {
      env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
    }
    redis = await startRedis();
    env.REDIS_URL = redis.url;
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const urls = ports.slice(0, 2).map((p) => `http://127.0.0.1:${p}`);
    for (const [i, url] of urls.entries()) {
      const proc = spawn(process.execPath, ['server.mjs', '-p', String(ports[i]), '-H', '127.0.0.1'], {
        env: { ...env, SITE_URL: url },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      procs.push(proc);
      await waitHealthy(url, proc);
    }
    const path = `/article/${THOUSAND_SLUG}`;
    const one = await throughBalancer('one instance', ports[2], urls.slice(0, 1), path, seconds);
    const two = await throughBalancer('two instances', ports[2], urls, path, seconds);
    const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
    console.log(
      formatTable(
        ['setup', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
        [one, two].map((l) => [l.setup, Math.round(l.rps), ms(l.p50), ms(l.p99), l.errors]),
      ),
    );
    console.log(`Two instances serve ${(two.rps / one.rps).toFixed(2)}x the requests of one (Postgres server, Redis, ${seconds} s each).`);
  } catch (err) {
    console.log(`not measured: ${(err as Error).message}`);
  } finally {
    await Promise.all(procs.map(stop));
    await redis?.stop();
    pg?.destroy();
  }
}
