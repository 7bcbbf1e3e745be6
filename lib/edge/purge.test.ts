/**
 * Contract tests of the edge purge (docs/edge.md): each vendor's call checked against a local HTTP server that
 * records what it receives (method, path, auth header, body), with batching, retry on 5xx, no retry on a
 * refusal, and one log line per failure, not per write.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPurger, purgeVendor, type Purger } from './purge';
import { edgeKey } from '@/lib/cache-handlers/edge-keys.mjs';
import { createTagState } from '@/lib/cache-handlers/tag-state.mjs';

type Recorded = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/** A server that records requests and answers each with the next planned status (then 200). */
async function recorder(plan: number[] = [], answer: (r: Recorded) => string = () => '{"success":true}') {
  const requests: Recorded[] = [];
  let hold: Promise<void> | null = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      requests.push(r);
      if (hold) await hold;
      res.statusCode = plan.shift() ?? 200;
      res.setHeader('content-type', 'application/json');
      res.end(res.statusCode === 200 ? answer(r) : '{"success":false,"errors":[{"message":"planned"}]}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return {
    url,
    requests,
    /** Holds every answer until the returned function is called. */
    holdAnswers() {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function purger(env: Record<string, string>, waits: number[] = [], lines: string[] = []): Purger {
  const vendor = purgeVendor(env);
  if (!vendor) throw new Error('no vendor');
  return createPurger(vendor, { wait: async (ms) => void waits.push(ms), log: (l) => lines.push(l) });
}

const tags = (n: number, prefix = 'article') => Array.from({ length: n }, (_, i) => `${prefix}:${i}`);

describe('edge purge: configuration', () => {
  it('none without EDGE_PURGE; a missing setting fails loudly, naming it', () => {
    expect(purgeVendor({})).toBeNull();
    expect(purgeVendor({ EDGE_PURGE: 'none' })).toBeNull();
    expect(() => purgeVendor({ EDGE_PURGE: 'fastly', FASTLY_SERVICE_ID: 'svc' })).toThrow(/FASTLY_API_TOKEN/);
    expect(() => purgeVendor({ EDGE_PURGE: 'varnish', EDGE_PURGE_URL: 'ftp://x' })).toThrow(/not an http/);
    expect(() => purgeVendor({ EDGE_PURGE: 'akamai' })).toThrow(/EDGE_PURGE/);
  });
});

describe('edge purge: Varnish (HTTP PURGE with xkey-purge)', () => {
  it('sends the keys of the expired tags to every Varnish, after the write returned', async () => {
    const a = await recorder();
    const b = await recorder();
    const p = purger({ EDGE_PURGE: 'varnish', EDGE_PURGE_URL: `${a.url}/, ${b.url}/` });
    p.enqueue(['comments:1', 'article:1', '_N_T_/article/some-slug']);
    // Nothing sent yet: enqueue never waits on the network.
    expect(a.requests).toHaveLength(0);
    await p.idle();
    for (const s of [a, b]) {
      expect(s.requests).toHaveLength(1);
      expect(s.requests[0]).toMatchObject({ method: 'PURGE', url: '/' });
      expect(s.requests[0].headers['xkey-purge']).toBe(`comments:1 article:1 ${edgeKey('_N_T_/article/some-slug')}`);
    }
  });

  it('batches: one call per 100 keys for everything invalidated in the same turn; later keys in the next call', async () => {
    const s = await recorder();
    const p = purger({ EDGE_PURGE: 'varnish', EDGE_PURGE_URL: s.url });
    p.enqueue(tags(150));
    p.enqueue(['settings', 'article:0']);
    await p.idle();
    expect(s.requests.map((r) => String(r.headers['xkey-purge']).split(' ').length)).toEqual([100, 51]);
    // While a call is out, new invalidations wait and go together in the next one.
    const release = s.holdAnswers();
    p.enqueue(['comments:1']);
    await expect.poll(() => s.requests.length).toBe(3);
    p.enqueue(['comments:2']);
    p.enqueue(['comments:3']);
    release();
    await p.idle();
    expect(s.requests.slice(2).map((r) => r.headers['xkey-purge'])).toEqual(['comments:1', 'comments:2 comments:3']);
  });
});

describe('edge purge: Fastly (surrogate-key purge API)', () => {
  it('POSTs the keys to the service with the API token, at most 256 per call', async () => {
    const s = await recorder([], () => '{"status":"ok"}');
    const p = purger({ EDGE_PURGE: 'fastly', FASTLY_SERVICE_ID: 'SU1Z0isxPaozGVKXdv0eY', FASTLY_API_TOKEN: 'tok', FASTLY_API_URL: s.url });
    p.enqueue(tags(300));
    await p.idle();
    expect(s.requests).toHaveLength(2);
    const [first, second] = s.requests;
    expect(first).toMatchObject({ method: 'POST', url: '/service/SU1Z0isxPaozGVKXdv0eY/purge' });
    expect(first.headers['fastly-key']).toBe('tok');
    expect(first.headers['content-type']).toBe('application/json');
    expect(JSON.parse(first.body).surrogate_keys).toHaveLength(256);
    expect(JSON.parse(second.body).surrogate_keys).toEqual(tags(300).slice(256));
  });

  it('retries a 5xx with exponential backoff, then succeeds', async () => {
    const s = await recorder([503, 502], () => '{"status":"ok"}');
    const waits: number[] = [];
    const lines: string[] = [];
    const p = purger({ EDGE_PURGE: 'fastly', FASTLY_SERVICE_ID: 'svc', FASTLY_API_TOKEN: 'tok', FASTLY_API_URL: s.url }, waits, lines);
    p.enqueue(['campaign:7']);
    await p.idle();
    expect(s.requests.map((r) => JSON.parse(r.body).surrogate_keys)).toEqual([['campaign:7'], ['campaign:7'], ['campaign:7']]);
    expect(waits).toEqual([250, 500]);
    expect(lines).toEqual([]);
  });
});

describe('edge purge: Cloudflare (purge by cache tag)', () => {
  it('POSTs the tags to the zone with a bearer token, at most 100 per call', async () => {
    const s = await recorder();
    const p = purger({
      EDGE_PURGE: 'cloudflare',
      CLOUDFLARE_ZONE_ID: 'zone1',
      CLOUDFLARE_API_TOKEN: 'cf-token',
      CLOUDFLARE_API_URL: s.url,
    });
    p.enqueue(tags(120, 'comments'));
    await p.idle();
    expect(s.requests).toHaveLength(2);
    expect(s.requests[0]).toMatchObject({ method: 'POST', url: '/zones/zone1/purge_cache' });
    expect(s.requests[0].headers.authorization).toBe('Bearer cf-token');
    expect(JSON.parse(s.requests[0].body)).toEqual({ tags: tags(100, 'comments') });
    expect(JSON.parse(s.requests[1].body)).toEqual({ tags: tags(120, 'comments').slice(100) });
  });

  it('a refusal (4xx, or success: false) is not retried; a failure is logged once, and once when it works again', async () => {
    const s = await recorder([403, 500, 500, 500, 500, 500]);
    const waits: number[] = [];
    const lines: string[] = [];
    const p = purger(
      { EDGE_PURGE: 'cloudflare', CLOUDFLARE_ZONE_ID: 'z', CLOUDFLARE_API_TOKEN: 't', CLOUDFLARE_API_URL: s.url },
      waits,
      lines,
    );
    p.enqueue(['settings']);
    await p.idle();
    expect(s.requests).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\[edge\] cloudflare purge failed after 1 attempt\(s\), 1 key\(s\) not purged: HTTP 403/);
    // Five attempts of 500: given up, and no second line while it keeps failing.
    p.enqueue(['article:1']);
    await p.idle();
    expect(s.requests).toHaveLength(6);
    expect(waits).toEqual([250, 500, 1000, 2000]);
    expect(lines).toHaveLength(1);
    expect(p.stats.failedBatches).toBe(2);
    p.enqueue(['article:2']);
    await p.idle();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/purge working again .* 2 batch\(es\), 2 key\(s\) were not purged/);
  });
});

describe('edge purge: fed by the tag state', () => {
  it('every invalidation of this instance is purged once, with the keys the pages carry', async () => {
    const s = await recorder();
    const state = createTagState();
    const p = purger({ EDGE_PURGE: 'varnish', EDGE_PURGE_URL: s.url });
    state.onUpdate((t) => p.enqueue(t));
    // Next hands both handlers the same tags at once: one batch, one purge.
    await Promise.all([state.update(['comments:9', 'article:9']), state.update(['comments:9', 'article:9'])]);
    await p.idle();
    expect(s.requests.map((r) => r.headers['xkey-purge'])).toEqual(['comments:9 article:9']);
  });
});
