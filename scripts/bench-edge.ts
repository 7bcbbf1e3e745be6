/**
 * The edge part of `npm run bench` (issue #26), also runnable alone with BENCH_ONLY=edge:
 *
 * 1. the 1,000-comment article through Varnish (deploy/varnish/broadsheet.vcl in front of the benchmarked
 *    `next start`) beside Varnish serving a static copy of the same HTML (the same VCL in front of a plain file
 *    server), in the same run, c10 and c50: req/s, p50/p99, and the ratio to the static copy;
 * 2. a long c50 run of the origin alone on the same article (BENCH_LONG_SECONDS, 90 by default, so that it
 *    spans background work), with its p50/p99/max.
 *
 * Load comes from wrk when it is installed (light on a 2-core machine), else autocannon; every request says
 * `Accept-Encoding: gzip`, as browsers do, so Varnish hands out the compressed copy it keeps for both. Skipped,
 * with a line saying why, when varnishd is missing (the long origin run still happens).
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { formatTable } from './bench-lib';
import { findVarnishd, startVarnish, vclFor, type TestVarnish } from './varnish.mjs';

export type LoadRun = {
  name: string;
  c: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  tool: string;
};

const HEADERS = { 'accept-encoding': 'gzip', accept: 'text/html' };

function hasWrk(): boolean {
  return spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).status === 0;
}

/** wrk's latency figures ("12.34ms", "1.20s", "850.00us") in ms. */
function wrkMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

export async function load(
  name: string,
  url: string,
  c: number,
  seconds: number,
  headers: Record<string, string> = HEADERS,
): Promise<LoadRun> {
  if (hasWrk()) {
    const args = ['-t', '2', '-c', String(c), '-d', `${seconds}s`, '--latency', '--timeout', '20s'];
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
    const r = spawnSync('wrk', [...args, url], { encoding: 'utf8' });
    const out = r.stdout;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    const p50 = wrkMs(/\n\s+50%\s+(\S+)/.exec(out)?.[1] ?? '');
    const p99 = wrkMs(/\n\s+99%\s+(\S+)/.exec(out)?.[1] ?? '');
    const max = wrkMs(/Latency\s+\S+\s+\S+\s+(\S+)/.exec(out)?.[1] ?? '');
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const errs = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const errors = non2xx + (errs ? errs.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
    return { name, c, seconds, rps, p50, p99, max, errors, tool: 'wrk' };
  }
  const r = await autocannon({ url, connections: c, duration: seconds, headers });
  return {
    name,
    c,
    seconds,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
    tool: 'autocannon',
  };
}

/**
 * c closed-loop clients over c keep-alive connections opened and used once before the clock starts, as an edge
 * or a load balancer holds its connections to the origin: what the origin's latency is once every connection
 * is accepted (wrk opens its c connections while the load starts, and Node accepts one new connection per
 * turn of its event loop: docs/edge.md, "The origin's tail").
 */
export async function steadyLoad(name: string, url: string, c: number, seconds: number): Promise<LoadRun> {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const s = performance.now();
      http
        .get({ host: u.hostname, port: u.port, path: u.pathname + u.search, agent, headers: { accept: 'text/html' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - s : -1));
        })
        .on('error', reject);
    });
  await Promise.all(Array.from({ length: c }, get));
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const l = await get().catch(() => -1);
      if (l < 0) errors += 1;
      else lat.push(l);
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  return {
    name,
    c,
    seconds,
    rps: lat.length / seconds,
    p50: q(0.5),
    p99: q(0.99),
    max: lat.at(-1) ?? NaN,
    errors,
    tool: 'node keep-alive',
  };
}

/** A file server for the static copy: the same HTML, gzipped once, with the headers of a cacheable page. */
function staticServer(html: string, port: number): Promise<http.Server> {
  const gz = gzipSync(html);
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 's-maxage=86400');
    res.setHeader('vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('content-encoding', 'gzip');
      res.end(gz);
    } else res.end(html);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 0) : 'n/a');

/**
 * Runs the edge benchmark against the running origin `base` (its port `originPort`): Varnish on edgePort and
 * edgePort + 1, the static file server on edgePort + 2.
 */
export async function benchEdge(opts: {
  base: string;
  originPort: number;
  edgePort: number;
  articleUrl: string;
  seconds: number;
  longSeconds: number;
}) {
  const { base, originPort, edgePort, articleUrl, seconds, longSeconds } = opts;
  const runs: LoadRun[] = [];
  const html = await (await fetch(base + articleUrl)).text();
  let varnishd: string | null = null;
  try {
    varnishd = findVarnishd();
  } catch (err) {
    console.log(`  edge: ${(err as Error).message.split(':')[0]}; the edge runs are left out.`);
  }
  if (varnishd) {
    const stat = await staticServer(html, edgePort + 2);
    const started: TestVarnish[] = [];
    try {
      const app = await startVarnish({ port: edgePort, backendPort: originPort });
      started.push(app);
      const copy = await startVarnish({ port: edgePort + 1, vcl: vclFor(edgePort + 2) });
      started.push(copy);
      const through = app.url + articleUrl;
      const copyUrl = `${copy.url}/static-article.html`;
      for (const u of [through, copyUrl]) {
        // Fill and check: the second answer must be a HIT, with the same bytes.
        await fetch(u, { headers: HEADERS }).then((r) => r.arrayBuffer());
        const r = await fetch(u, { headers: { accept: 'text/html' } });
        const body = await r.text();
        if (r.headers.get('x-cache') !== 'HIT') throw new Error(`${u} is not a HIT at the edge (${r.headers.get('x-cache')})`);
        if (body !== html) throw new Error(`${u} does not serve the article's HTML`);
      }
      for (const c of [10, 50]) {
        // Interleaved, so that whatever else the machine does weighs on both alike.
        for (const [name, url] of [
          ['Varnish: static copy', copyUrl],
          ['Varnish: article, 1,000 comments', through],
        ] as const) {
          process.stdout.write(`  edge: ${name}, c${c}… `);
          const run = await load(name, url, c, seconds);
          runs.push(run);
          console.log(`${Math.round(run.rps)} req/s`);
        }
      }
    } finally {
      for (const v of started) await v.stop();
      await new Promise((r) => stat.close(r));
    }
  }
  // The origin as the issue measured it (wrk, no Accept-Encoding: no gzip at the origin), new connections...
  process.stdout.write(`  origin: article, 1,000 comments, c50 for ${longSeconds} s… `);
  const long = await load('origin alone: article, 1,000 comments (long run)', base + articleUrl, 50, longSeconds, { accept: 'text/html' });
  runs.push(long);
  console.log(`${Math.round(long.rps)} req/s`);
  // ...and over connections already open, as behind the edge.
  process.stdout.write(`  origin: the same over 50 open keep-alive connections, ${longSeconds} s… `);
  const steady = await steadyLoad('origin alone, connections already open', base + articleUrl, 50, longSeconds);
  runs.push(steady);
  console.log(`${Math.round(steady.rps)} req/s`);

  const find = (name: string, c: number) => runs.find((r) => r.name === name && r.c === c);
  console.log(
    `\nThe edge (issue #26): ${runs[0]?.tool ?? 'n/a'}, ${seconds} s per run (the long ones ${longSeconds} s); through Varnish with Accept-Encoding: gzip, the origin without`,
  );
  console.log(
    formatTable(
      ['what', 'conns', 's', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'vs static copy'],
      runs.map((r) => {
        const ref = r.name.includes('article') && r.name.startsWith('Varnish') ? find('Varnish: static copy', r.c) : undefined;
        return [
          r.name,
          r.c,
          r.seconds,
          Math.round(r.rps),
          ms(r.p50),
          ms(r.p99),
          ms(r.max),
          r.errors,
          ref ? `${(r.rps / ref.rps).toFixed(2)}x` : '',
        ];
      }),
    ),
  );
  const edge50 = find('Varnish: article, 1,000 comments', 50);
  const static50 = find('Varnish: static copy', 50);
  const edge10 = find('Varnish: article, 1,000 comments', 10);
  const static10 = find('Varnish: static copy', 10);
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'NOT MET');
  console.log('\nTargets (issue #26)');
  console.log(
    formatTable(
      ['target', 'measured', ''],
      [
        [
          'through Varnish >= 0.5x Varnish serving a static copy',
          edge10 && static10 && edge50 && static50
            ? `c10 ${(edge10.rps / static10.rps).toFixed(2)}x, c50 ${(edge50.rps / static50.rps).toFixed(2)}x`
            : 'n/a',
          verdict(edge10 && static10 && edge50 && static50 ? Math.min(edge10.rps / static10.rps, edge50.rps / static50.rps) >= 0.5 : null),
        ],
        ['through Varnish, c50: p99 < 20 ms', edge50 ? `${ms(edge50.p99)} ms` : 'n/a', verdict(edge50 ? edge50.p99 < 20 : null)],
        [`origin alone, c50 over ${longSeconds} s: p99 < 300 ms`, `${ms(long.p99)} ms (p50 ${ms(long.p50)} ms)`, verdict(long.p99 < 300)],
        [
          `  the same over open connections`,
          `${ms(steady.p99)} ms (p50 ${ms(steady.p50)} ms, p99/p50 ${(steady.p99 / steady.p50).toFixed(1)})`,
          verdict(steady.p99 < 300),
        ],
      ],
    ),
  );
  return runs;
}
