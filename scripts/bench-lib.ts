/**
 * Pure helpers of `npm run bench` (scripts/bench.ts): percentiles, the script URLs a page makes a reader
 * download, the self-time summary of a V8 .cpuprofile, and the targets of issue #14 judged against the
 * figures. Kept apart from the runner so each can be tested without a server.
 */

/** scripts/bench-writes.ts prints its result as one line starting with this. */
export const RESULT_PREFIX = 'BENCH_WRITES ';
import { decodeHTML as decodeEntities } from 'entities';
export const IMPORT_RESULT_PREFIX = 'BENCH_IMPORT ';
export const BACKUP_RESULT_PREFIX = 'BENCH_BACKUP ';

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Same-origin JavaScript a page makes the browser download: every `<script src>` and every
 * `<link rel="preload|modulepreload" as="script">`, resolved against the page URL, without duplicates.
 * `<script nomodule>` (Next's legacy polyfills) is left out: browsers that run modules, every browser Next
 * supports, never download it.
 */
export function scriptUrls(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc="([^"]+)"[^>]*>/gi)) if (!/\bnomodule\b/i.test(m[0])) found.push(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const rel = /\brel="([^"]+)"/i.exec(tag)?.[1] ?? '';
    const as = /\bas="([^"]+)"/i.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]+)"/i.exec(tag)?.[1];
    if (href && (rel === 'modulepreload' || (rel === 'preload' && as === 'script'))) found.push(href);
  }
  const urls = found
    .map((src) => new URL(decodeEntities(src), pageUrl))
    .filter((u) => u.origin === origin)
    .map((u) => u.href);
  return [...new Set(urls)];
}

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
export type CpuProfile = {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
export type HotFunction = { name: string; where: string; selfMs: number; share: number };

/** Where a script lives, shortened: a package name, a file under the app's build, or a V8/Node category. */
export function codeLocation(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const build = /\/\.next[^/]*\/(.*)$/.exec(url);
  if (build) return `.next/${build[1]}`;
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

/** A script's file for a function row: inside a package, the package and the file's name. */
export function codeFile(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:.*\/)?([^/]+)$/.exec(url);
  return pkg ? `${pkg[1]}/…/${pkg[2]}` : codeLocation(url);
}

/**
 * Self time per function and per location (package / file) in a V8 CPU profile, largest first.
 * Self time of a node is the sum of the time deltas of the samples taken while it was on top of the stack.
 * With a window (microseconds on the profile's clock) only the samples taken inside it count.
 */
export function summarizeProfile(
  profile: CpuProfile,
  top = 15,
  window?: { fromUs: number; toUs: number },
): { totalMs: number; functions: HotFunction[]; locations: HotFunction[] } {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Sample i was taken at startTime + the sum of the deltas up to and including i.
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map<string, HotFunction>();
  const locs = new Map<string, HotFunction>();
  const add = (map: Map<string, HotFunction>, key: string, name: string, where: string, us: number) => {
    const row = map.get(key) ?? { name, where, selfMs: 0, share: 0 };
    row.selfMs += us / 1000;
    map.set(key, row);
  };
  for (const [id, us] of selfUs) {
    const f = byNode.get(id)!.callFrame;
    const name = f.functionName || (f.url ? '(anonymous)' : '(program)');
    const where = f.url ? `${codeFile(f.url)}:${f.lineNumber + 1}` : '';
    add(fns, `${name}@${f.url}:${f.lineNumber}:${f.columnNumber}`, name, where, us);
    const loc = ['(idle)', '(garbage collector)', '(program)'].includes(f.functionName) ? f.functionName : codeLocation(f.url);
    add(locs, loc, loc, '', us);
  }
  const rank = (map: Map<string, HotFunction>) =>
    [...map.values()]
      .map((r) => ({ ...r, share: (r.selfMs * 1000) / totalUs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { totalMs: totalUs / 1000, functions: rank(fns), locations: rank(locs) };
}

/** The figures the targets are judged on (NaN when not measured). */
export type Figures = {
  articleThousandC10Rps: number;
  staticC10Rps: number;
  articleThousandC50P99: number;
  hundredC10Rps: number;
  tenThousandC10Rps: number;
  /** Largest SQL statements per request over every anonymous GET measured. */
  maxSqlPerRequest: number;
  commentP95: number;
  voteP95: number;
  jsGzipBytes: number;
  /** The server's resident memory after the full run of anonymous GETs, in bytes. */
  serverRssBytes: number;
};
export type Verdict = { target: string; measured: string; met: boolean | null };

const fixed = (n: number, d = 1) => (Number.isNaN(n) ? 'n/a' : Number.isFinite(n) ? n.toFixed(d) : 'inf');
/** Met, not met, or null when a figure is missing (never counted as met). Infinite (x / 0 req/s) is judged. */
const judge = (ok: boolean, ...inputs: number[]): boolean | null => (inputs.some(Number.isNaN) ? null : ok);

/** The targets of issue #14 ("The public read path"), each with the figure it is judged on. */
export function judgeTargets(f: Figures): Verdict[] {
  const share = f.articleThousandC10Rps / f.staticC10Rps;
  const cost = f.hundredC10Rps / f.tenThousandC10Rps;
  const writeP95 = Math.max(f.commentP95, f.voteP95);
  return [
    {
      target: 'article, 1,000 comments, c10: >= 25 % of static req/s',
      measured: `${fixed(share * 100)} % (${fixed(f.articleThousandC10Rps, 0)} of ${fixed(f.staticC10Rps, 0)} req/s)`,
      met: judge(share >= 0.25, share),
    },
    {
      target: 'article, 1,000 comments, c50: p99 < 100 ms',
      measured: `${fixed(f.articleThousandC50P99, 0)} ms`,
      met: judge(f.articleThousandC50P99 < 100, f.articleThousandC50P99),
    },
    {
      target: '10,000 comments within 1.5x the cost of 100 (c10)',
      measured: Number.isNaN(cost) ? 'n/a' : `${fixed(cost, 2)}x`,
      met: judge(cost <= 1.5, cost),
    },
    {
      target: '0 SQL per repeated anonymous request',
      measured: `max ${fixed(f.maxSqlPerRequest, 2)}`,
      met: judge(f.maxSqlPerRequest === 0, f.maxSqlPerRequest),
    },
    {
      target: 'write p95 < 50 ms (comment, vote)',
      measured: `comment ${fixed(f.commentP95)} ms, vote ${fixed(f.voteP95)} ms`,
      met: judge(writeP95 < 50, writeP95),
    },
    {
      target: 'article JS <= 120 KB gzip',
      measured: `${fixed(f.jsGzipBytes / 1024)} KB`,
      met: judge(f.jsGzipBytes <= 120 * 1024, f.jsGzipBytes),
    },
    {
      target: 'server RSS after the full run < 400 MB',
      measured: Number.isNaN(f.serverRssBytes) ? 'n/a' : `${fixed(f.serverRssBytes / 2 ** 20, 0)} MB`,
      met: judge(f.serverRssBytes < 400 * 2 ** 20, f.serverRssBytes),
    },
  ];
}

/**
 * Resident and peak resident memory (bytes) of a process, from the `VmRSS` and `VmHWM` lines of
 * /proc/<pid>/status (Linux); NaN where there is no such file.
 */
export function processMemory(status: string | null): { rss: number; peak: number } {
  const kb = (field: string) => {
    const m = status?.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
    return m ? Number(m[1]) * 1024 : NaN;
  };
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Left-aligned first column, right-aligned others, with a header rule. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
