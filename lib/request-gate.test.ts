import type { NextConfig } from 'next';
import { describe, expect, it } from 'vitest';
import { isMalformedUrl, tooLargeRequest, unavailableActionAnswer, unavailablePage } from './request-gate';
import { ACTION_BODY_MAX_BYTES, ARTICLE_BODY_MAX_BYTES, isTooLargeMessage } from './request-limits';
import { OUTAGE_ACTION_MESSAGE } from './outage';

describe('isMalformedUrl', () => {
  it.each([
    ['/article/%00', ''],
    ['/article/%C0%AF', ''], // overlong "/" (invalid UTF-8)
    ['/category/%FF', ''],
    ['/article/a%0Ab', ''],
    ['/u/%7F', ''],
    ['/search', '?q=%00'],
    ['/search', '?q=a\u0000'],
  ])('refuses %s%s', (path, search) => {
    expect(isMalformedUrl(path, search)).toBe(true);
  });

  it.each([
    ['/article/caf%C3%A9', ''],
    ['/search', '?q=%C0%AF'], // a search for odd bytes finds nothing, it does not fail
    ['/media/..%2f..', ''],
    ['/tag/a%20b', '?page=2'],
    ['/', ''],
  ])('lets %s%s through', (path, search) => {
    expect(isMalformedUrl(path, search)).toBe(false);
  });
});

describe('tooLargeRequest: bodies over their address’s limit, refused from the Content-Length', () => {
  const post = (path: string, bytes: number, headers: Record<string, string> = {}) =>
    tooLargeRequest('POST', path, new Headers({ 'content-length': String(bytes), ...headers }));

  it('every action and plain form post takes 256 kB, the article editor 1 MB (Next’s own limit), uploads check their own', async () => {
    expect(post('/support', ACTION_BODY_MAX_BYTES)).toBeNull();
    expect(post('/support', ACTION_BODY_MAX_BYTES + 1)?.status).toBe(413);
    expect(post('/article/some-slug/respond', 2 * 1024 * 1024)?.status).toBe(413);
    expect(post('/admin/articles/abc', 900 * 1024)).toBeNull();
    expect(post('/admin/articles/abc', ARTICLE_BODY_MAX_BYTES + 1)?.status).toBe(413);
    for (const route of ['/account/avatar', '/admin/media/upload', '/admin/import/upload'])
      expect(post(route, 50 * 1024 * 1024)).toBeNull();
    expect(tooLargeRequest('GET', '/support', new Headers({ 'content-length': '99999999' }))).toBeNull();
    const config = '../next.config.js';
    const { default: nextConfig } = (await import(/* @vite-ignore */ config)) as { default: NextConfig };
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe('1mb');
    expect(ARTICLE_BODY_MAX_BYTES).toBe(1024 * 1024);
  });

  it('with JavaScript: the message as text/plain, which Next’s client throws for the error page; without: an HTML page', async () => {
    const js = post('/support', 2 * 1024 * 1024, { 'next-action': 'abc' })!;
    expect(js.headers.get('content-type')).toBe('text/plain');
    const message = await js.text();
    expect(message).toBe('That is too much to send at once: this form takes at most 256 kB. Shorten the longest text and try again.');
    expect(isTooLargeMessage(message)).toBe(true);
    const plain = post('/support', 2 * 1024 * 1024)!;
    expect(plain.headers.get('content-type')).toMatch(/text\/html/);
    expect(await plain.text()).toContain(message);
    expect(plain.headers.get('connection')).toBe('close');
  });
});

describe('the answer during a database outage', () => {
  it('is a 503 with Retry-After: an HTML page, and plain text for a form posted with JavaScript', async () => {
    const page = unavailablePage();
    expect(page.status).toBe(503);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await page.text()).toContain('Temporarily unavailable');
    // Next's client raises a plain-text 4xx/5xx answer to an action as an error with that text (app/error.tsx
    // shows it); an HTML answer would only be "an unexpected response".
    const action = unavailableActionAnswer();
    expect(action.status).toBe(503);
    expect(Number(action.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(action.headers.get('content-type')).toBe('text/plain');
    expect(await action.text()).toBe(OUTAGE_ACTION_MESSAGE);
  });
});
