/**
 * The response cache server.mjs puts before Next, over a real HTTP server whose handler stands where Next's
 * is (counting the requests that reach it): a public page is sent again from memory with the same bytes and
 * headers; any tag change, its lifetime, a database outage, a cookie or a per-reader answer sends the request
 * to Next; an answer that was in flight while a tag changed is not kept.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createResponseCache, sharedLifetime } from './response-cache.mjs';
import { createTagState } from './tag-state.mjs';

let t = 1_000_000;
const tags = createTagState({ now: () => t });
let databaseUp = true;
const cache = createResponseCache({ maxBytes: 1 << 20, tags, now: () => t, databaseAvailable: async () => databaseUp });

let reachedNext = 0;
let answer: { headers: Record<string, string>; body: string; beforeEnd?: () => void } = { headers: {}, body: '' };
const server = http.createServer((req, res) => {
  void cache.serve(req, res).then((served) => {
    if (served) return;
    reachedNext++;
    res.statusCode = 200;
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    res.write(answer.body.slice(0, 10));
    answer.beforeEnd?.();
    res.end(answer.body.slice(10));
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const PUBLIC = {
  'Cache-Control': 's-maxage=60, stale-while-revalidate=3540',
  'Content-Type': 'text/html; charset=utf-8',
  'x-nextjs-cache': 'MISS',
};
let n = 0;
beforeEach(() => {
  // A page of its own for each test.
  n++;
  answer = { headers: PUBLIC, body: `<html>page ${n} ${'x'.repeat(5000)}</html>` };
});
const page = () => `${base}/article/page-${n}`;

describe('the response cache before Next', () => {
  it('sends a public page again from memory, same bytes and headers, saying HIT', async () => {
    const before = reachedNext;
    const first = await fetch(page());
    const firstBody = await first.text();
    const second = await fetch(page());
    expect(await second.text()).toBe(firstBody);
    expect(reachedNext - before).toBe(1);
    expect(second.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(second.headers.get('cache-control')).toBe(PUBLIC['Cache-Control']);
    expect(first.headers.get('x-nextjs-cache')).toBe('MISS');
    expect(second.headers.get('x-nextjs-cache')).toBe('HIT');
  });

  it('sends the request to Next after any tag change, after the page lifetime, and during an outage', async () => {
    const before = reachedNext;
    await fetch(page());
    await fetch(page());
    expect(reachedNext - before).toBe(1);
    await tags.update(['comments:some-article']);
    await fetch(page());
    await fetch(page());
    expect(reachedNext - before).toBe(2);
    t += 61_000;
    await fetch(page());
    expect(reachedNext - before).toBe(3);
    databaseUp = false;
    await fetch(page());
    await fetch(page());
    databaseUp = true;
    expect(reachedNext - before).toBe(5);
  });

  it('never answers a reader with a cookie from it, nor keeps a private answer or one that sets a cookie', async () => {
    const before = reachedNext;
    await fetch(page());
    await fetch(page(), { headers: { cookie: 'authjs.session-token=abc' } });
    await fetch(page(), { headers: { rsc: '1' } });
    await fetch(page(), { headers: { 'next-router-segment-prefetch': '/_tree' } });
    expect(reachedNext - before).toBe(4);
    // A header the answer varies on (here a made-up one) sends the request to Next as well.
    n++;
    answer = { headers: { ...PUBLIC, Vary: 'x-edition, Accept-Encoding' }, body: `<html>varies ${n}</html>` };
    const b = reachedNext;
    await fetch(page());
    await fetch(page());
    await fetch(page(), { headers: { 'x-edition': 'weekend' } });
    expect(reachedNext - b).toBe(2);
    for (const headers of [
      { ...PUBLIC, 'Cache-Control': 'private, no-store' },
      { ...PUBLIC, 'Set-Cookie': 'bs_form=1' },
    ]) {
      n++;
      answer = { headers, body: `<html>per reader ${n}</html>` };
      const b = reachedNext;
      await fetch(page());
      await fetch(page());
      expect(reachedNext - b, JSON.stringify(headers)).toBe(2);
    }
  });

  it('keeps an answer only in the encoding its key names (gzip or none)', async () => {
    const before = reachedNext;
    answer = { headers: { ...PUBLIC, 'Content-Encoding': 'deflate' }, body: `<html>deflated ${n}</html>` };
    await fetch(page(), { headers: { 'accept-encoding': 'deflate' } });
    // A reader who takes no encoding must never get that answer: it goes to Next.
    answer = { headers: PUBLIC, body: `<html>plain ${n}</html>` };
    const plain = await fetch(page(), { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(reachedNext - before).toBe(2);
  });

  it('does not keep an answer that was being sent while a tag changed', async () => {
    const before = reachedNext;
    answer.beforeEnd = () => void tags.update(['article:x']);
    await fetch(page());
    answer.beforeEnd = undefined;
    await fetch(page());
    await fetch(page());
    expect(reachedNext - before).toBe(2);
  });

  it('reads the shared lifetime from Cache-Control', () => {
    expect(sharedLifetime('s-maxage=60, stale-while-revalidate=3540')).toBe(60);
    expect(sharedLifetime('public, max-age=31536000, immutable')).toBe(0);
    expect(sharedLifetime('private, no-cache, no-store, max-age=0, must-revalidate')).toBe(0);
    expect(sharedLifetime(undefined)).toBe(0);
  });
});
