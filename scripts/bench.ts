/**
 * `npm run bench`: the instrument for issue #14 ("The public read path"). One run, on a fresh build and a
 * freshly seeded database, measures and prints:
 *
 * 1. anonymous GETs (autocannon, BENCH_SECONDS each, at 10 and 50 connections) of the articles with 100,
 *    1,000 and 10,000 comments, the front page, a category page and the RSS feed, and, as the reference,
 *    the 1,000-comment article's HTML saved into public/ and served by the same `next start` from disk:
 *    req/s, p50/p99 latency, errors and non-2xx answers, SQL statements per request (DB_QUERY_STATS=1,
 *    /api/health) and req/s as a share of the static reference at the same connection count;
 * 2. the cost ratio of the 10,000-comment article to the 100-comment one (req/s of 100 / req/s of 10,000, c10);
 * 3. server-side time of posting a comment and casting a vote (p50/p95 over BENCH_WRITES each), by calling
 *    the DAL in-process against the same database (scripts/bench-writes.ts says what that includes);
 * 4. gzip bytes of the JavaScript the article page makes an anonymous reader download;
 * 5. a table of the issue's targets, met or not;
 * 6. the edge (issue #26, scripts/bench-edge.ts): the 1,000-comment article through Varnish beside Varnish
 *    serving a static copy, and a long c50 run of the origin (BENCH_LONG_SECONDS, 90); alone: BENCH_ONLY=edge;
 * 7. with --profile (or BENCH_PROFILE=1): the 1,000-comment article again under `node --cpu-prof`, and the
 *    functions and packages with the most self time.
 *
 * PGlite in .data-bench/ by default, or the Postgres server in BENCH_DATABASE_URL (reset first). Figures only:
 * the targets table reports, it never fails the run (performance is judged here, not in timed tests).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { CATEGORIES } from '../db/seed/content';
import { HUNDRED_SLUG, TEN_THOUSAND_SLUG, THOUSAND_SLUG } from '../db/seed/fixtures';
import { benchTwoInstances } from './bench-cluster';
import { benchEdge } from './bench-edge';
import {
  BACKUP_RESULT_PREFIX,
  formatTable,
  IMPORT_RESULT_PREFIX,
  judgeTargets,
  processMemory,
  RESULT_PREFIX,
  scriptUrls,
  summarizeProfile,
  type CpuProfile,
} from './bench-lib';

const port = Number(process.env.BENCH_PORT || 3900);
const seconds = Number(process.env.BENCH_SECONDS || 10);
const levels = [10, 50];
const base = `http://127.0.0.1:${port}`;
const serverUrl = process.env.BENCH_DATABASE_URL;
const distDir = process.env.NEXT_DIST_DIR || '.next';
const profile = process.argv.includes('--profile') || process.env.BENCH_PROFILE === '1';
/** BENCH_ONLY=edge: only the edge part (scripts/bench-edge.ts) on the fresh build and database. */
const only = process.env.BENCH_ONLY;
const edgePort = Number(process.env.BENCH_EDGE_PORT || port + 10);
const longSeconds = Number(process.env.BENCH_LONG_SECONDS || 90);
/** The static reference: a bench-only name in public/, present from before the build until the end of the run. */
const STATIC_NAME = 'bench-static-article.html';
const staticFile = path.resolve('public', STATIC_NAME);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DB_QUERY_STATS: '1',
  AUTH_SECRET: process.env.AUTH_SECRET || 'bench-secret-bench-secret-bench-secret',
  AUTH_TRUST_HOST: 'true',
  SITE_URL: base,
};
delete env.SMTP_URL;

function sh(cmd: string, args: string[], opts: { quiet?: boolean } = {}) {
  const r = spawnSync(cmd, args, { env, stdio: opts.quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    if (opts.quiet) process.stdout.write(r.stdout ?? '');
    throw new Error(`${cmd} ${args.join(' ')} failed`);
  }
  return r.stdout ?? '';
}

let server: ChildProcess | null = null;

async function startServer(nodeFlags: string[] = []) {
  // Another server left on the port would answer the health check and be measured instead of this build.
  if (
    await fetch(`${base}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`something already answers on ${base}: stop it or set BENCH_PORT`);
  // node runs server.mjs (`npm start`) directly: it serves in this one process, so --cpu-prof profiles the server.
  // BENCH_NODE_FLAGS: node flags for the server only (e.g. --max-old-space-size=320; docs/caching.md, "Memory").
  const flags = [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...nodeFlags];
  server = spawn(process.execPath, [...flags, 'server.mjs', '-p', String(port), '-H', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const started = Date.now();
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error('server.mjs exited');
    try {
      if ((await fetch(`${base}/api/health`)).ok) return (Date.now() - started) / 1000;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become healthy');
}

async function stopServer() {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The server.mjs process's memory (it serves in that one process). */
function serverMemory() {
  let status: string | null = null;
  try {
    status = fs.readFileSync(`/proc/${server?.pid}/status`, 'utf8');
  } catch {}
  return processMemory(status);
}

async function queries(): Promise<number> {
  return ((await (await fetch(`${base}/api/health`)).json()) as { queries: number }).queries;
}

type Target = { name: string; url: string };
type Run = {
  name: string;
  url: string;
  c: number;
  cold: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  sqlPerReq: number;
};

async function measure(t: Target, c: number, cold: number): Promise<Run> {
  const q0 = await queries();
  const r = await autocannon({ url: base + t.url, connections: c, duration: seconds });
  // The /api/health call that read q0 sent one statement of its own (`select 1`) after reading the count.
  const q1 = await queries();
  return {
    name: t.name,
    url: t.url,
    c,
    cold,
    // No answer within the run (latency above BENCH_SECONDS): figures unknown, not zero.
    rps: r.requests.average,
    p50: r.requests.total ? r.latency.p50 : NaN,
    p99: r.requests.total ? r.latency.p99 : NaN,
    errors: r.errors + r.timeouts + r.non2xx,
    total: r.requests.total,
    sqlPerReq: r.requests.total ? Math.max(0, q1 - q0 - 1) / r.requests.total : NaN,
  };
}

/** First request of each URL (renders from the database, fills the cache): its time is "cold". */
const coldMs = new Map<string, number>();
async function firstFetch(url: string): Promise<string> {
  const t0 = performance.now();
  const res = await fetch(base + url);
  const body = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  if (!coldMs.has(url)) coldMs.set(url, performance.now() - t0);
  return body;
}

/** The first request (if not made yet), then 1 s of untimed load. */
async function warm(t: Target): Promise<number> {
  await firstFetch(t.url);
  const cold = coldMs.get(t.url)!;
  await autocannon({ url: base + t.url, connections: 10, duration: 1 });
  return cold;
}

async function jsBytes(articleUrl: string) {
  const html = await (await fetch(base + articleUrl)).text();
  const urls = scriptUrls(html, base + articleUrl);
  let raw = 0;
  let gzip = 0;
  for (const u of urls) {
    const body = Buffer.from(await (await fetch(u)).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: urls.length, raw, gzip };
}

type WriteTiming = { p50: number; p95: number; max: number; n: number; sqlPerWrite: number };
function runWrites(): { comment: WriteTiming; vote: WriteTiming; held: number } {
  const out = sh(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/bench-writes.ts'], { quiet: true });
  const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error('bench-writes printed no result');
  return JSON.parse(line.slice(RESULT_PREFIX.length));
}

async function runProfile(t: Target) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cpuprof-'));
  await startServer(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  await warm(t);
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const fromUs = nowUs();
  const r = await autocannon({ url: base + t.url, connections: 10, duration: seconds });
  const toUs = nowUs();
  await stopServer();
  const file = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const cpu = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  // V8 stamps samples with the monotonic clock process.hrtime reads too (same machine), so the summary can
  // leave out start-up, the cold render and the warm-up. If the clocks do not line up, keep every sample.
  const aligned = cpu.startTime <= fromUs && toUs <= cpu.endTime;
  const summary = summarizeProfile(cpu, 15, aligned ? { fromUs, toUs } : undefined);
  return { file, rps: r.requests.average, window: aligned ? 'the timed load only' : 'the whole process (clocks not aligned)', ...summary };
}

async function main() {
  const t0 = Date.now();
  // Next serves from public/ only what was there when it built and started: put the file in place first.
  fs.writeFileSync(staticFile, '<!doctype html><title>bench placeholder</title>');
  if (process.env.BENCH_SKIP_BUILD === '1' && fs.existsSync(path.join(distDir, 'BUILD_ID')))
    console.log('Using the existing build (BENCH_SKIP_BUILD=1).');
  else {
    console.log('Building…');
    sh('node_modules/.bin/next', ['build'], { quiet: true });
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
  const t = Date.now();
  sh('node_modules/.bin/tsx', ['db/cli/seed.ts', '--bench'], { quiet: true });
  const seedSecs = (Date.now() - t) / 1000;
  const startSecs = await startServer();

  const article = (slug: string) => `/article/${slug}`;
  const thousand = article(THOUSAND_SLUG);
  const html = await firstFetch(thousand);
  fs.writeFileSync(staticFile, html);
  const check = await fetch(`${base}/${STATIC_NAME}`);
  if (!check.ok || (await check.text()) !== html) throw new Error(`public/${STATIC_NAME} is not served from disk`);
  if (only === 'edge') {
    await benchEdge({ base, originPort: port, edgePort, articleUrl: thousand, seconds, longSeconds });
    await stopServer();
    return;
  }
  if (only) throw new Error(`BENCH_ONLY=${only}: only "edge" is known`);
  const js = await jsBytes(thousand);

  const targets: Target[] = [
    { name: 'static copy of article 1,000', url: `/${STATIC_NAME}` },
    { name: 'article, 100 comments', url: article(HUNDRED_SLUG) },
    { name: 'article, 1,000 comments', url: thousand },
    { name: 'article, 10,000 comments', url: article(TEN_THOUSAND_SLUG) },
    { name: 'front page', url: '/' },
    { name: `category (${CATEGORIES[0].slug})`, url: `/category/${CATEGORIES[0].slug}` },
    { name: 'RSS feed', url: '/feed.xml' },
  ];
  const runs: Run[] = [];
  for (const target of targets) {
    const cold = await warm(target);
    for (const c of levels) {
      process.stdout.write(`  ${target.name}, c${c}… `);
      const run = await measure(target, c, cold);
      runs.push(run);
      console.log(`${Math.round(run.rps)} req/s`);
    }
  }
  const memory = serverMemory();
  const inside = ((await (await fetch(`${base}/api/health`)).json()) as { memory?: Record<string, number> }).memory;
  // Issue #26: Varnish in front, beside Varnish serving a static copy; then a long c50 run of the origin.
  await benchEdge({ base, originPort: port, edgePort, articleUrl: thousand, seconds, longSeconds });
  await stopServer();

  console.log(`  writes: ${process.env.BENCH_WRITES || 200} comments and votes through the DAL…`);
  const writes = runWrites();
  const prof = profile
    ? (console.log('  profile: article, 1,000 comments, c10 under --cpu-prof…'), await runProfile({ name: 'article 1,000', url: thousand }))
    : null;

  const get = (url: string, c: number) => runs.find((r) => r.url === url && r.c === c)!;
  const ms = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  console.log(
    `\nBroadsheet bench: ${serverUrl ? 'Postgres server' : 'PGlite'}, ${seconds} s per URL and connection count, server.mjs on ${base}`,
  );
  console.log(
    `seed ${seedSecs.toFixed(1)} s, server ready in ${startSecs.toFixed(1)} s, whole run ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
  );
  console.log(
    formatTable(
      ['page', 'conns', 'cold ms', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL/req', 'vs static'],
      runs.map((r) => [
        r.name,
        r.c,
        Math.round(r.cold),
        Math.round(r.rps),
        ms(r.p50, 0),
        ms(r.p99, 0),
        r.errors,
        ms(r.sqlPerReq, 2),
        `${((r.rps / get(`/${STATIC_NAME}`, r.c).rps) * 100).toFixed(1)} %`,
      ]),
    ),
  );
  const few = runs.filter((r) => r.total < 20);
  if (few.length)
    console.log(
      `\nFewer than 20 answers in ${few.map((r) => `${r.name} c${r.c}`).join(', ')}: raise BENCH_SECONDS for figures worth comparing.`,
    );
  const small = get(article(HUNDRED_SLUG), 10);
  const big = get(article(TEN_THOUSAND_SLUG), 10);
  console.log(
    `\nCost of the 10,000-comment article vs the 100-comment one (c10): ${ms(small.rps / big.rps, 2)}x` +
      ` (${Math.round(small.rps)} vs ${Math.round(big.rps)} req/s; p50 ${ms(small.p50, 0)} vs ${ms(big.p50, 0)} ms)`,
  );
  console.log('\nWrites, server side (DAL in-process, same database; not HTTP, session check or updateTag):');
  console.log(
    formatTable(
      ['write', 'n', 'p50 ms', 'p95 ms', 'max ms', 'SQL/write'],
      [
        [
          'post a comment',
          writes.comment.n,
          ms(writes.comment.p50),
          ms(writes.comment.p95),
          ms(writes.comment.max),
          writes.comment.sqlPerWrite.toFixed(1),
        ],
        ['cast a vote', writes.vote.n, ms(writes.vote.p50), ms(writes.vote.p95), ms(writes.vote.max), writes.vote.sqlPerWrite.toFixed(1)],
      ],
    ),
  );
  if (writes.held) console.log(`(${writes.held} comments were held for moderation instead of published)`);
  const mb = (bytes: number) => (Number.isNaN(bytes) ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MB`);
  console.log(`\nServer memory after the full run of anonymous GETs: RSS ${mb(memory.rss)}, peak ${mb(memory.peak)}`);
  if (inside)
    console.log(
      `  of which V8 heap ${inside.heapUsed} MB used of ${inside.heapTotal} MB, outside the heap ${inside.external} MB` +
        ` (PGlite's memory, buffers); the caches hold pages ${inside.pagesCache ?? 'n/a'} MB, 'use cache' data ${inside.dataCache ?? 'n/a'} MB`,
    );
  console.log(
    `\nJavaScript for an anonymous reader of an article: ${js.files} files, ${(js.raw / 1024).toFixed(1)} KB, ${(js.gzip / 1024).toFixed(1)} KB gzip (level 9)`,
  );

  if (prof) {
    console.log(
      `\nProfile of the 1,000-comment article at c10 (${Math.round(prof.rps)} req/s under the profiler; ${(prof.totalMs / 1000).toFixed(1)} s sampled over ${prof.window}; ${prof.file}):`,
    );
    console.log(
      formatTable(
        ['self time by package / file', 'ms', 'share'],
        prof.locations.map((l) => [l.name, Math.round(l.selfMs), `${(l.share * 100).toFixed(1)} %`]),
      ),
    );
    console.log();
    console.log(
      formatTable(
        ['top functions by self time', 'where', 'ms', 'share'],
        prof.functions.map((f) => [f.name.slice(0, 48), f.where.slice(-56), Math.round(f.selfMs), `${(f.share * 100).toFixed(1)} %`]),
      ),
    );
  }

  const verdicts = judgeTargets({
    articleThousandC10Rps: get(thousand, 10).rps,
    staticC10Rps: get(`/${STATIC_NAME}`, 10).rps,
    articleThousandC50P99: get(thousand, 50).p99,
    hundredC10Rps: small.rps,
    tenThousandC10Rps: big.rps,
    maxSqlPerRequest: Math.max(...runs.map((r) => r.sqlPerReq)),
    commentP95: writes.comment.p95,
    voteP95: writes.vote.p95,
    jsGzipBytes: js.gzip,
    serverRssBytes: memory.rss,
  });
  console.log('\nTargets (issue #14)');
  console.log(
    formatTable(
      ['target', 'measured', ''],
      verdicts.map((v) => [v.target, v.measured, v.met === null ? 'not measured' : v.met ? 'met' : 'NOT MET']),
    ),
  );
  await benchTwoInstances(env, seconds);
  if (process.env.BENCH_SKIP_IMPORT !== '1') benchImport();
}

/** Issue #15's line: a generated 1,000-post, 50,000-comment WordPress export imported on a fresh database. */
function benchImport() {
  const posts = Number(process.env.BENCH_IMPORT_POSTS || 1000);
  const perPost = Number(process.env.BENCH_IMPORT_COMMENTS || 50);
  console.log(
    `\n  import: generating and importing ${posts.toLocaleString('en-US')} posts with ${(posts * perPost).toLocaleString('en-US')} comments…`,
  );
  const dir = path.resolve('.data-bench-import');
  fs.rmSync(dir, { recursive: true, force: true });
  const importEnv: NodeJS.ProcessEnv = { ...env, DATA_DIR: dir };
  if (serverUrl) sh('node', ['scripts/reset-db.mjs']);
  else delete importEnv.DATABASE_URL;
  const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/bench-import.ts', dir], {
    env: importEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(IMPORT_RESULT_PREFIX));
  if (r.status !== 0 || !line) throw new Error('bench-import failed');
  const x = JSON.parse(line.slice(IMPORT_RESULT_PREFIX.length)) as {
    posts: number;
    comments: number;
    failed: number;
    seconds: number;
    fileMB: number;
    peakRssMB: number;
  };
  console.log('\nImport (issue #15: WordPress WXR through lib/import, the same code as `npm run import`):');
  console.log(
    formatTable(
      ['export', 'posts', 'comments', 'failed', 'seconds', 'comments/s', 'peak memory'],
      [
        [
          `${x.fileMB.toFixed(1)} MB WXR`,
          x.posts,
          x.comments,
          x.failed,
          x.seconds.toFixed(1),
          Math.round(x.comments / x.seconds),
          `${Math.round(x.peakRssMB)} MB`,
        ],
      ],
    ),
  );
  if (process.env.BENCH_SKIP_BACKUP !== '1') benchBackup(importEnv, dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Issue #27's line, on the site the import just made: backup, restore (into an empty directory or database) and
 * the Broadsheet export, each in a process of its own (time and peak memory of that operation alone).
 */
function benchBackup(importEnv: NodeJS.ProcessEnv, dir: string) {
  console.log('\n  backup, restore and export of that site…');
  const run = (args: string[], extraEnv: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/bench-backup.ts', ...args], {
      env: { ...importEnv, ...extraEnv },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(BACKUP_RESULT_PREFIX));
    if (r.status !== 0 || !line) throw new Error(`bench-backup ${args[0]} failed`);
    return JSON.parse(line.slice(BACKUP_RESULT_PREFIX.length)) as {
      op: string;
      seconds: number;
      bytes: number;
      peakRssMB: number;
      comments?: number;
    };
  };
  const archive = path.join(dir, 'bench-backup.tar');
  const backup = run(['backup', archive]);
  const exported = run(['export', path.join(dir, 'bench-export.tar.gz')]);
  let target = path.join(dir, 'restored', 'pglite');
  const restoreEnv = { DATA_DIR: path.join(dir, 'restored') };
  if (serverUrl) {
    const u = new URL(serverUrl);
    u.pathname = `${u.pathname}_restore`;
    target = u.toString();
    // bench-backup.ts creates that database (empty) before restoring into it.
  }
  const restore = run(['restore', archive, target], restoreEnv);
  console.log('\nBackup, restore, export (issue #27) of the imported site:');
  console.log(
    formatTable(
      ['operation', 'comments', 'seconds', 'file', 'peak memory'],
      [backup, restore, exported].map((x) => [
        x.op,
        x.comments ?? '',
        x.seconds.toFixed(1),
        `${(x.bytes / 1024 / 1024).toFixed(1)} MB`,
        `${Math.round(x.peakRssMB)} MB`,
      ]),
    ),
  );
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopServer().catch(() => {});
    fs.rmSync(staticFile, { force: true });
  });
