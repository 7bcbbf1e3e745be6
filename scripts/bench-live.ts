/**
 * `npm run bench:live`: live comments at breaking-news scale (issue #23). For each reader count: N readers hold
 * the article's event stream open, as the shipped client does (components/comments/live-bar.tsx: one
 * EventSource, the comment's content in the event, no request per comment; a dropped stream reconnects with
 * Last-Event-ID), while a signed-in reader posts R comments a second for T seconds through the site's own
 * comment form (the no-JavaScript post of the server action). Prints, per run: % of (comment, reader) pairs
 * delivered, delivery latency from the moment the post was sent (p50/p95/p99), origin requests and SQL
 * statements per comment, the posts' p95, and the server's RSS before/after and per 1,000 streams.
 *
 *   DATABASE_URL   a Postgres server database, migrated and seeded (`npm run db:seed`); required. Its
 *                  commentIntervalSeconds setting is set to 0 (the poster writes every half second).
 *   --readers 1000,5000,10000  reader counts (one run each; default 1000,5000)
 *   --rate 2 --seconds 60      comments a second, seconds of storm
 *   --port 10300               the server's port (started here, `node server.mjs`, from the existing build)
 *   --profile                  the server under `node --cpu-prof`: where its time went during the storm
 *   --in-next                  streams served by the Next route handler instead of server.mjs (comparison)
 *   --slug <article>           default: the long thread
 * 10,000 readers need 10,000+ file descriptors in this process and in the server: `ulimit -n 65536` first.
 * Targets (issue #23, 5,000 readers, 2/s for 60 s): 100 % delivered, p99 < 1 s, <= 1 origin request per
 * comment, posting p95 < 100 ms, RSS growth < 150 MB.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { DEMO_PASSWORD } from '@/db/seed/accounts';
import { LONG_THREAD_SLUG } from '@/db/seed/fixtures';
import { formatTable, percentile, summarizeProfile, type CpuProfile } from './bench-lib';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const readerCounts = opt('readers', '1000,5000')
  .split(',')
  .map((s) => Number(s.replace(/[_k]/g, (m) => (m === 'k' ? '000' : ''))))
  .filter((n) => n > 0);
const rate = Number(opt('rate', '2'));
const seconds = Number(opt('seconds', '60'));
const port = Number(opt('port', '10300'));
const slug = opt('slug', LONG_THREAD_SLUG);
const profile = argv.includes('--profile');
const inNext = argv.includes('--in-next');
const base = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl && !argv.includes('--reader-worker')) throw new Error('DATABASE_URL (a Postgres server database, seeded) is required');

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  AUTH_TRUST_HOST: 'true',
  AUTH_SECRET: process.env.AUTH_SECRET || 'bench-live-secret-bench-live-secret-00',
  SITE_URL: base,
  DB_QUERY_STATS: '1',
  TRUSTED_IP_HEADERS: 'x-real-ip',
  ...(inNext ? { LIVE_STREAM_IN_NEXT: '1' } : {}),
};
delete env.SMTP_URL;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// The server

let server: ChildProcess | null = null;
async function startServer(flags: string[]) {
  if (
    await fetch(`${base}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`something already answers on ${base}`);
  server = spawn(process.execPath, [...flags, 'server.mjs', '-p', String(port), '-H', '127.0.0.1'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 480; i++) {
    if (server.exitCode !== null) throw new Error('server exited');
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(250);
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
type Health = {
  queries: number;
  background: number;
  memory: { rss: number };
  live: { streams: number; notices: number; reads: number; frames: number; ended: number };
};
let healthCalls = 0;
const health = async () => {
  healthCalls++;
  return (await (await fetch(`${base}/api/health`)).json()) as Health;
};
/** The server process's resident memory (MB), from /proc. */
function serverRss(): number {
  const status = fs.readFileSync(`/proc/${server!.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) / 1024;
}

// ---------------------------------------------------------------------------------------------------------
// The poster: a signed-in reader posting through the article page's comment form, as a browser without
// JavaScript does (the same server action the enhanced form calls).

type Cookies = Map<string, string>;
function keepCookies(jar: Cookies, res: Response) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Cookies) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

async function signIn(email: string): Promise<Cookies> {
  const jar: Cookies = new Map();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keepCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), origin: base },
    body: new URLSearchParams({ csrfToken, email, password: DEMO_PASSWORD }),
  });
  keepCookies(jar, res);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`could not sign in as ${email} (${res.status})`);
  return jar;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden fields of the article's main comment form ("Your comment"). */
async function commentForm(): Promise<{ fields: [string, string][]; articleId: string }> {
  const html = await (await fetch(`${base}/article/${slug}`)).text();
  for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!/>Your comment</.test(m[1]) || /name="feedbackPointId"/.test(m[1])) continue;
    const fields: [string, string][] = [];
    for (const i of m[1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g))
      fields.push([decode(i[1]), decode(i[2] ?? '')]);
    const articleId = fields.find(([k]) => k === 'articleId')?.[1];
    if (articleId) return { fields, articleId };
  }
  throw new Error(`no comment form on /article/${slug}`);
}

async function post(jar: Cookies, fields: [string, string][], body: string, ip: string): Promise<number> {
  const fd = new FormData();
  for (const [k, v] of fields) fd.append(k, v);
  fd.append('body', body);
  const res = await fetch(`${base}/article/${slug}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar), origin: base, 'x-real-ip': ip },
    body: fd,
  });
  await res.arrayBuffer();
  return res.status;
}

// ---------------------------------------------------------------------------------------------------------
// The readers: raw http, one socket each, an SSE parser that only looks for the markers and event ids.

type Reader = { lastId: string | null; got: Map<number, number>; reconnects: number; closed: boolean; req?: http.ClientRequest };
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const MARK = Buffer.from('blv');
const ID = Buffer.from('id: ');
const FRAME_END = Buffer.from('\n\n');
/** Wall-clock milliseconds with sub-millisecond precision, comparable between the bench's processes. */
const clock = () => performance.timeOrigin + performance.now();

/** What one chunk of a stream holds: the markers of the comments in it, and the last event id. */
function scan(r: Reader, buf: Buffer, at: number) {
  for (let i = buf.indexOf(MARK); i >= 0; i = buf.indexOf(MARK, i + 3)) {
    let k = 0;
    let j = i + 3;
    for (; j < buf.length && buf[j] >= 48 && buf[j] <= 57; j++) k = k * 10 + buf[j] - 48;
    if (j > i + 3 && buf[j] === 122 /* z */ && !r.got.has(k)) r.got.set(k, at);
  }
  for (let i = buf.indexOf(ID); i >= 0; i = buf.indexOf(ID, i + 4)) {
    if (i > 0 && buf[i - 1] !== 10) continue;
    const nl = buf.indexOf(10, i);
    if (nl > 0) r.lastId = buf.toString('latin1', i + 4, nl);
  }
}

function connect(r: Reader, articleId: string, requests: { n: number }): Promise<void> {
  return new Promise((resolve) => {
    requests.n++;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (r.lastId) headers['last-event-id'] = r.lastId;
    const req = http.get(`${base}/api/comments/stream?articleId=${encodeURIComponent(articleId)}`, { agent, headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve();
        return;
      }
      let tail: Buffer | null = null;
      let first = true;
      res.on('data', (chunk: Buffer) => {
        if (first) {
          first = false;
          resolve();
        }
        const buf = tail ? Buffer.concat([tail, chunk]) : chunk;
        scan(r, buf, clock());
        // A frame cut between two chunks: its start is looked at again with the next one.
        tail = buf.subarray(buf.length - 2).equals(FRAME_END) ? null : Buffer.from(buf.subarray(Math.max(0, buf.length - 64)));
      });
      res.on('close', () => {
        if (r.closed) return;
        r.reconnects++;
        // EventSource reconnects after `retry` (5 s); the bench does at once, to count what resuming delivers.
        setTimeout(() => void connect(r, articleId, requests), 100);
      });
    });
    req.on('error', () => resolve());
    r.req = req;
  });
}

/**
 * A reader process (the bench forks two, one per core, so that reading 10,000 streams is not what limits the
 * figures): opens its share of the streams, then reports what arrived when.
 */
type ToWorker = { open: { articleId: string; n: number } } | { finish: { sentAt: [number, number][]; total: number } };
type FromWorker =
  | { connected: number; requests: number }
  | { requests: number; latencies: number[]; delivered: number; pairs: number }
  | { requestsNow: number };
function readerWorker() {
  const readers: Reader[] = [];
  const requests = { n: 0 };
  const send = (m: FromWorker) => process.send!(m);
  process.on('message', async (m: ToWorker | 'requests') => {
    if (m === 'requests') return send({ requestsNow: requests.n });
    if ('open' in m) {
      const { articleId, n } = m.open;
      for (let i = 0; i < n; i++) readers.push({ lastId: null, got: new Map(), reconnects: 0, closed: false });
      for (let i = 0; i < n; i += 250) await Promise.all(readers.slice(i, i + 250).map((r) => connect(r, articleId, requests)));
      send({ connected: readers.filter((r) => r.req && !r.req.destroyed).length, requests: requests.n });
      return;
    }
    const sentAt = new Map(m.finish.sentAt);
    const latencies: number[] = [];
    for (const r of readers) {
      r.closed = true;
      r.req?.destroy();
      for (const [k, at] of r.got) {
        const sent = sentAt.get(k);
        if (sent !== undefined) latencies.push(at - sent);
      }
    }
    process.send!(
      { requests: requests.n, latencies, delivered: latencies.length, pairs: m.finish.total * readers.length } satisfies FromWorker,
      () => process.exit(0),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------

type Result = {
  readers: number;
  connected: number;
  delivered: number;
  p50: number;
  p95: number;
  p99: number;
  comments: number;
  postP95: number;
  postFailures: number;
  originPerComment: number;
  sqlPerComment: number;
  hubReadsPerComment: number;
  streamsEnded: number;
  rssBefore: number;
  rssAfterConnect: number;
  rssAfter: number;
  perThousand: number;
  connectSeconds: number;
  profile?: string;
};

function worker(): { proc: ChildProcess; next: () => Promise<FromWorker> } {
  const proc = fork(fileURLToPath(import.meta.url), ['--reader-worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const queue: FromWorker[] = [];
  const waiting: ((m: FromWorker) => void)[] = [];
  proc.on('message', (m: FromWorker) => {
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return { proc, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}

async function run(n: number, posters: Cookies[], form: { fields: [string, string][]; articleId: string }): Promise<Result> {
  const h0 = await health();
  const rssBefore = serverRss();
  const workers = [worker(), worker()];
  const c0 = Date.now();
  workers.forEach((w, i) => w.proc.send({ open: { articleId: form.articleId, n: Math.floor(n / 2) + (i === 0 ? n % 2 : 0) } }));
  const opened = (await Promise.all(workers.map((w) => w.next()))) as { connected: number; requests: number }[];
  const connectSeconds = (Date.now() - c0) / 1000;
  const connected = opened.reduce((a, o) => a + o.connected, 0);
  const reqBefore = opened.reduce((a, o) => a + o.requests, 0);
  await sleep(1000);
  const rssAfterConnect = serverRss();
  const hBefore = await health();
  const callsBefore = healthCalls;

  // The storm: R posts a second, each from the next poster, each with its marker.
  const total = Math.round(rate * seconds);
  const sentAt = new Map<number, number>();
  const postMs: number[] = [];
  let postFailures = 0;
  const stamp = Date.now().toString(36);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inflight.push(
      (async () => {
        const t0 = performance.now();
        sentAt.set(k, clock());
        const status = await post(
          posters[k % posters.length],
          form.fields,
          `Live bench ${stamp} blv${k}z: the crossing needs a light.`,
          `10.9.${k % 250}.${(k >> 8) % 250}`,
        ).catch(() => 0);
        postMs.push(performance.now() - t0);
        if (status !== 303 && status !== 200) postFailures++;
      })(),
    );
  }
  await Promise.all(inflight);
  // Let the last events arrive: until the server has handled every event, then a moment for the sockets.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await health()).live.notices - hBefore.live.notices < total) await sleep(200);
  await sleep(2000);
  const polls = healthCalls - callsBefore;
  const hAfter = await health();
  const rssAfter = serverRss();
  workers.forEach((w) => w.proc.send({ finish: { sentAt: [...sentAt], total } }));
  const reports = (await Promise.all(workers.map((w) => w.next()))) as {
    requests: number;
    latencies: number[];
    delivered: number;
    pairs: number;
  }[];
  const lat = reports.flatMap((r) => r.latencies);
  const delivered = reports.reduce((a, r) => a + r.delivered, 0);
  const originRequests = total + reports.reduce((a, r) => a + r.requests, 0) - reqBefore;
  await sleep(1000);
  // /api/health's own statement is one per call: the polls above are left out.
  const sql = hAfter.queries + hAfter.background - (hBefore.queries + hBefore.background) - polls;
  void h0;
  return {
    readers: n,
    connected,
    delivered: (delivered / (total * n)) * 100,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    comments: total,
    postP95: percentile(postMs, 95),
    postFailures,
    originPerComment: originRequests / total,
    sqlPerComment: sql / total,
    hubReadsPerComment: (hAfter.live.reads - hBefore.live.reads) / total,
    streamsEnded: hAfter.live.ended - hBefore.live.ended,
    rssBefore,
    rssAfterConnect,
    rssAfter,
    perThousand: ((rssAfterConnect - rssBefore) / n) * 1000,
    connectSeconds,
  };
}

async function main() {
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  // The posting interval would refuse all but one post per poster every 15 s; every other check still runs.
  await sql`insert into settings (key, value) values ('commentIntervalSeconds', '0'::jsonb) on conflict (key) do update set value = excluded.value`;
  const emails = (
    await sql<{ email: string }[]>`
      select email from users where role = 'reader' and email_verified is not null and not premoderated
        and email like '%@readers.broadsheet.test' order by email limit 12`
  ).map((r) => r.email);
  await sql.end();
  if (emails.length < 4) throw new Error('too few seeded readers: run `npm run db:seed` first');

  const dir = profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-live-prof-')) : '';
  await startServer(profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const windows: { fromUs: number; toUs: number }[] = [];
  const results: Result[] = [];
  try {
    const form = await commentForm();
    const posters = await Promise.all(emails.map(signIn));
    // Warm-up: the page, the form's action and the stream's first read compiled and cached.
    await post(posters[0], form.fields, `Live bench warm-up ${Date.now()}`, '10.9.255.1');
    for (const n of readerCounts) {
      console.log(
        `  ${n.toLocaleString('en-US')} readers, ${rate}/s for ${seconds} s${inNext ? ' (streams in the Next route handler)' : ''}…`,
      );
      const fromUs = nowUs();
      results.push(await run(n, posters, form));
      windows.push({ fromUs, toUs: nowUs() });
    }
  } finally {
    await stopServer();
  }

  const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '-');
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  console.log(
    `\nLive comments: ${rate} comments/s for ${seconds} s, /article/${slug}, streams served by ${inNext ? 'the Next route handler' : 'server.mjs'} (${os.cpus().length} cores, load generator on the same machine)\n`,
  );
  console.log(
    formatTable(
      [
        'readers',
        'connected',
        'delivered',
        'p50',
        'p95',
        'p99',
        'origin req/comment',
        'SQL/comment',
        'hub reads/comment',
        'streams ended',
        'post p95',
        'post failures',
        'RSS before',
        'RSS connected',
        'RSS after',
        'growth',
        'per 1,000 streams',
      ],
      results.map((r) => [
        r.readers.toLocaleString('en-US'),
        r.connected.toLocaleString('en-US'),
        `${r.delivered.toFixed(2)} %`,
        ms(r.p50),
        ms(r.p95),
        ms(r.p99),
        r.originPerComment.toFixed(2),
        r.sqlPerComment.toFixed(1),
        r.hubReadsPerComment.toFixed(2),
        r.streamsEnded,
        ms(r.postP95),
        r.postFailures,
        mb(r.rssBefore),
        mb(r.rssAfterConnect),
        mb(r.rssAfter),
        mb(r.rssAfter - r.rssBefore),
        `${r.perThousand.toFixed(1)} MB`,
      ]),
    ),
  );
  for (const r of results) {
    if (r.readers !== 5000) continue;
    const checks: [string, boolean][] = [
      ['100 % delivered', r.delivered >= 100],
      ['p99 < 1 s', r.p99 < 1000],
      ['<= 1 origin request per comment', r.originPerComment <= 1],
      ['posting p95 < 100 ms', r.postP95 < 100],
      ['RSS growth < 150 MB', r.rssAfter - r.rssBefore < 150],
    ];
    console.log(`\nTargets at 5,000 readers: ${checks.map(([t, ok]) => `${ok ? 'met' : 'MISSED'}: ${t}`).join('; ')}`);
  }
  if (profile) {
    const file = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    const cpu = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const w = windows.at(-1)!;
    const aligned = cpu.startTime <= w.fromUs && w.toUs <= cpu.endTime;
    const s = summarizeProfile(cpu, 12, aligned ? w : undefined);
    console.log(
      `\nServer profile of the last run (${(s.totalMs / 1000).toFixed(1)} s sampled, ${aligned ? 'that run only' : 'whole process'}; ${file}):`,
    );
    console.log(
      formatTable(
        ['where', 'self ms', 'share'],
        s.locations.map((l) => [l.name, Math.round(l.selfMs), `${(l.share * 100).toFixed(1)} %`]),
      ),
    );
    console.log('');
    console.log(
      formatTable(
        ['function', 'where', 'self ms', 'share'],
        s.functions.map((f) => [f.name, f.where, Math.round(f.selfMs), `${(f.share * 100).toFixed(1)} %`]),
      ),
    );
  }
}

if (argv.includes('--reader-worker')) readerWorker();
else
  main().then(
    () => process.exit(0),
    async (err) => {
      console.error(err);
      await stopServer();
      process.exit(1);
    },
  );
