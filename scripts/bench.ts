/**
 * `npm run bench`: load figures for the pages readers hit most, printed as a table.
 *
 * Builds the app if there is no build, seeds a fresh database (PGlite in .data-bench/, or the server in
 * BENCH_DATABASE_URL after a reset), starts `next start` on BENCH_PORT (3900) and drives each URL with
 * autocannon (BENCH_SECONDS per URL, BENCH_CONNECTIONS at once). For each URL it prints requests per
 * second, latency percentiles and SQL statements per request (from /api/health with DB_QUERY_STATS=1),
 * then compares a 300-comment thread with a 10,000-comment one: page cost must stay flat.
 *
 * Figures only, never pass/fail: performance is judged here, not in timed tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { LONG_THREAD_SLUG, SEARCH_SLUG, SEARCH_WORD, TEN_THOUSAND_SLUG } from '../db/seed/fixtures';

const port = Number(process.env.BENCH_PORT || 3900);
const seconds = Number(process.env.BENCH_SECONDS || 8);
const connections = Number(process.env.BENCH_CONNECTIONS || 10);
const base = `http://127.0.0.1:${port}`;
const serverUrl = process.env.BENCH_DATABASE_URL;
const distDir = process.env.NEXT_DIST_DIR || '.next';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DB_QUERY_STATS: '1',
  AUTH_SECRET: process.env.AUTH_SECRET || 'bench-secret-bench-secret-bench-secret',
  AUTH_TRUST_HOST: 'true',
  SITE_URL: base,
};
delete env.SMTP_URL;

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

async function waitForHealth(child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error('next start exited');
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy');
}

async function queries(): Promise<number> {
  return ((await (await fetch(`${base}/api/health`)).json()) as { queries: number }).queries;
}

type Row = { name: string; url: string; cold: number; rps: number; p50: number; p90: number; p99: number; errors: number; qpr: number };

async function measure(name: string, url: string): Promise<Row> {
  // Warm: the first request renders from the database and fills the cache (its time is the cold figure).
  const t0 = performance.now();
  const warm = await fetch(base + url);
  if (!warm.ok) throw new Error(`${url} answered ${warm.status}`);
  await warm.arrayBuffer();
  const cold = Math.round(performance.now() - t0);
  const q0 = await queries();
  const result = await autocannon({ url: base + url, connections, duration: seconds });
  const q1 = await queries();
  const total = result.requests.total || 1;
  return {
    name,
    url,
    cold,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    qpr: Math.max(0, q1 - q0 - 1) / total,
  };
}

async function main() {
  if (!fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
    console.log(`No build in ${distDir}: building…`);
    sh('node_modules/.bin/next', ['build']);
  }
  if (serverUrl) {
    env.DATABASE_URL = serverUrl;
    sh('node', ['scripts/reset-db.mjs']);
  } else {
    delete env.DATABASE_URL;
    env.DATA_DIR = path.resolve('.data-bench');
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
  console.log('Seeding…');
  let t = Date.now();
  sh('node_modules/.bin/tsx', ['db/cli/seed.ts']);
  const seedSecs = (Date.now() - t) / 1000;

  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    t = Date.now();
    await waitForHealth(child);
    const startSecs = (Date.now() - t) / 1000;
    const targets: [string, string][] = [
      ['front page', '/'],
      ['article', `/article/${SEARCH_SLUG}`],
      ['article, 300+ comments', `/article/${LONG_THREAD_SLUG}`],
      ['article, 10,000 comments', `/article/${TEN_THOUSAND_SLUG}`],
      ['archive page 2', '/archive/page/2'],
      ['search', `/search?q=${SEARCH_WORD}`],
      ['RSS feed', '/feed.xml'],
    ];
    const rows: Row[] = [];
    for (const [name, url] of targets) {
      process.stdout.write(`  ${name} (${url})… `);
      const row = await measure(name, url);
      rows.push(row);
      console.log(`${row.rps} req/s`);
    }
    const db = serverUrl ? 'Postgres server' : 'PGlite';
    console.log(`\nBroadsheet bench: ${db}, ${connections} connections, ${seconds} s per URL, next start on ${base}`);
    console.log(`seed ${seedSecs.toFixed(1)} s, server ready in ${startSecs.toFixed(1)} s\n`);
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    console.log(`${'page'.padEnd(26)}${pad('cold ms', 9)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p90 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('SQL/req', 9)}`);
    for (const r of rows) {
      console.log(`${r.name.padEnd(26)}${pad(r.cold, 9)}${pad(r.rps, 8)}${pad(r.p50, 8)}${pad(r.p90, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}${pad(r.qpr.toFixed(2), 9)}`);
    }
    const small = rows.find((r) => r.url.endsWith(LONG_THREAD_SLUG))!;
    const big = rows.find((r) => r.url.endsWith(TEN_THOUSAND_SLUG))!;
    console.log(`\n10,000-comment vs 300-comment article: throughput ratio ${(big.rps / small.rps).toFixed(2)}, p50 ${big.p50} ms vs ${small.p50} ms; cold render ${big.cold} ms vs ${small.cold} ms`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
