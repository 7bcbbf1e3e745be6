import { describe, expect, it } from 'vitest';
import {
  codeFile,
  codeLocation,
  formatTable,
  judgeTargets,
  percentile,
  processMemory,
  scriptUrls,
  summarizeProfile,
  type CpuProfile,
  type Figures,
} from './bench-lib';

describe('percentile', () => {
  it('takes the nearest rank of the sorted values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('scriptUrls', () => {
  it('finds script sources and script preloads on the same origin, once each', () => {
    const html = `<html><head>
      <link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>
      <link rel="stylesheet" href="/_next/static/chunks/s.css"/>
      <link rel="preload" as="font" href="/f.woff2"/>
      <link rel="modulepreload" href="/_next/static/chunks/m.js"/>
      <script src="/_next/static/chunks/a.js" async=""></script>
      <script src="/_next/static/chunks/b.js?dpl=x&amp;v=1" async=""></script>
      <script src="https://cdn.example.com/x.js"></script>
      <script src="/_next/static/chunks/polyfills.js" noModule=""></script>
      <script>self.__next_f.push([1,"inline"])</script></head></html>`;
    expect(scriptUrls(html, 'http://127.0.0.1:3900/article/x')).toEqual([
      'http://127.0.0.1:3900/_next/static/chunks/a.js',
      'http://127.0.0.1:3900/_next/static/chunks/b.js?dpl=x&v=1',
      'http://127.0.0.1:3900/_next/static/chunks/m.js',
    ]);
  });
});

describe('summarizeProfile', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
      { id: 2, callFrame: frame('renderToStream', 'file:///app/node_modules/react-dom/cjs/server.js', 9) },
      { id: 3, callFrame: frame('escape', 'file:///app/node_modules/react-dom/cjs/server.js', 99) },
      { id: 4, callFrame: frame('(garbage collector)', '') },
    ],
    // 2 samples in renderToStream (3 ms + 1 ms), 1 in escape (2 ms), 1 in GC (2 ms).
    samples: [2, 3, 2, 4],
    timeDeltas: [3000, 2000, 1000, 2000],
    startTime: 0,
    endTime: 8000,
  };

  it('adds up self time per function and per package, largest first', () => {
    const s = summarizeProfile(profile);
    expect(s.totalMs).toBe(8);
    expect(s.functions[0]).toMatchObject({ name: 'renderToStream', where: 'react-dom/…/server.js:10', selfMs: 4, share: 0.5 });
    expect(s.functions.map((f) => f.name)).toEqual(['renderToStream', 'escape', '(garbage collector)']);
    expect(s.locations).toEqual([
      { name: 'react-dom', where: '', selfMs: 6, share: 0.75 },
      { name: '(garbage collector)', where: '', selfMs: 2, share: 0.25 },
    ]);
  });

  it('counts only the samples inside a time window', () => {
    // Sample times: 3000, 5000, 6000, 8000 µs after startTime 0.
    const s = summarizeProfile(profile, 15, { fromUs: 4000, toUs: 6000 });
    expect(s.totalMs).toBe(3);
    expect(s.functions.map((f) => [f.name, f.selfMs])).toEqual([
      ['escape', 2],
      ['renderToStream', 1],
    ]);
  });

  it('keeps only the top entries', () => {
    expect(summarizeProfile(profile, 1).functions).toHaveLength(1);
  });
});

describe('codeLocation', () => {
  it('names packages, build files and node internals', () => {
    expect(codeLocation('file:///w/node_modules/@electric-sql/pglite/dist/index.js')).toBe('@electric-sql/pglite');
    expect(codeLocation('file:///w/.next/server/chunks/ssr/abc.js')).toBe('.next/server/chunks/ssr/abc.js');
    expect(codeLocation('node:internal/streams/readable')).toBe('node:internal/streams/readable');
    expect(codeLocation('')).toBe('(native)');
    expect(codeFile('file:///w/node_modules/next/dist/compiled/next-server/app-page.runtime.prod.js')).toBe(
      'next/…/app-page.runtime.prod.js',
    );
    expect(codeFile('node:events')).toBe('node:events');
  });
});

describe('judgeTargets', () => {
  const good: Figures = {
    articleThousandC10Rps: 300,
    staticC10Rps: 1000,
    articleThousandC50P99: 80,
    hundredC10Rps: 330,
    tenThousandC10Rps: 300,
    maxSqlPerRequest: 0,
    commentP95: 20,
    voteP95: 10,
    jsGzipBytes: 100 * 1024,
    serverRssBytes: 300 * 2 ** 20,
  };

  it('marks every target met when the figures are inside them', () => {
    expect(judgeTargets(good).map((v) => v.met)).toEqual([true, true, true, true, true, true, true]);
    expect(judgeTargets(good)[0].measured).toBe('30.0 % (300 of 1000 req/s)');
  });

  it('marks each target not met just past its limit', () => {
    const bad = judgeTargets({
      ...good,
      articleThousandC10Rps: 240,
      articleThousandC50P99: 100,
      tenThousandC10Rps: 200,
      maxSqlPerRequest: 0.01,
      voteP95: 50,
      jsGzipBytes: 120 * 1024 + 1,
      serverRssBytes: 400 * 2 ** 20,
    });
    expect(bad.map((v) => v.met)).toEqual([false, false, false, false, false, false, false]);
    expect(bad[6].measured).toBe('400 MB');
    expect(bad[2].measured).toBe('1.65x');
  });

  it('says "not measured" rather than met when a figure is missing', () => {
    expect(judgeTargets({ ...good, commentP95: NaN })[4].met).toBeNull();
    expect(judgeTargets({ ...good, maxSqlPerRequest: NaN })[3].met).toBeNull();
    expect(judgeTargets({ ...good, serverRssBytes: NaN })[6]).toEqual(expect.objectContaining({ measured: 'n/a', met: null }));
    expect(judgeTargets({ ...good, hundredC10Rps: 0, tenThousandC10Rps: 0 })[2]).toEqual(
      expect.objectContaining({ measured: 'n/a', met: null }),
    );
  });

  it('judges a page that answered nothing in time (0 req/s) as not met', () => {
    const v = judgeTargets({ ...good, tenThousandC10Rps: 0 });
    expect(v[2]).toMatchObject({ measured: 'infx', met: false });
  });
});

describe('processMemory', () => {
  it('reads resident and peak memory from /proc/<pid>/status', () => {
    const status = 'Name:\tnext-server (v1\nVmHWM:\t  612340 kB\nVmRSS:\t  401200 kB\nThreads:\t11\n';
    expect(processMemory(status)).toEqual({ rss: 401200 * 1024, peak: 612340 * 1024 });
  });

  it('answers NaN where there is no such file', () => {
    expect(processMemory(null)).toEqual({ rss: NaN, peak: NaN });
  });
});

describe('formatTable', () => {
  it('aligns the first column left and the others right', () => {
    expect(
      formatTable(
        ['page', 'req/s'],
        [
          ['front', 12],
          ['article', 3456],
        ],
      ),
    ).toBe('page     req/s\n-------  -----\nfront       12\narticle   3456');
  });
});
