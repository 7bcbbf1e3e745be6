import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { sparePort, startServer, type Server } from './support/next-server';

/**
 * One production server started with an https SITE_URL on a fresh database (it migrates itself), for what is read
 * when the server starts rather than when it was built.
 *
 * One build serves any address: the same `.next` started with another SITE_URL puts that address in the
 * canonical and feed links of every page (the prerendered /search and /signin/check-email included),
 * in the feeds, the sitemap and robots.txt. That server runs as in production (no BROADSHEET_E2E), so
 * the e2e-only clock route does not exist there.
 */

const SITE = 'https://news.example.org';
let server: Server;
let dataDir: string;

test.describe.configure({ mode: 'serial', timeout: 150_000 });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-site-url-'));
  server = await startServer(sparePort(7), { DATA_DIR: dataDir, DATABASE_URL: '', SITE_URL: SITE, BROADSHEET_E2E: '' });
});

test.afterAll(async () => {
  if (server) {
    server.kill();
    await server.exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('SITE_URL is read when the server runs, not when it was built', async () => {
  const buildTimeUrl = /http:\/\/(127\.0\.0\.1|localhost):\d+/;
  /** The <link> tags of a page whose href is absolute. */
  const absoluteLinks = async (p: string) => {
    const html = await (await fetch(server.url + p, { headers: { accept: 'text/html' } })).text();
    return { html, links: html.match(/<link rel="(canonical|alternate)"[^>]*href="https?:[^"]*"[^>]*>/g) ?? [] };
  };
  // Prerendered at build time apart from their request-time parts: the layout's feed links.
  for (const p of ['/search', '/signin/check-email']) {
    const { html, links } = await absoluteLinks(p);
    expect(links, p).toContain(`<link rel="alternate" type="application/rss+xml" href="${SITE}/feed.xml"/>`);
    expect(html, p).not.toMatch(buildTimeUrl);
  }
  // Canonical links of pages rendered on request.
  for (const [p, canonical] of [
    ['/', SITE],
    ['/archive', `${SITE}/archive/page/1`],
  ]) {
    const { html, links } = await absoluteLinks(p);
    expect(links, p).toContain(`<link rel="canonical" href="${canonical}"/>`);
    expect(html, p).not.toMatch(buildTimeUrl);
  }

  const rss = await (await fetch(server.url + '/feed.xml')).text();
  expect(rss).toContain(`<link>${SITE}/</link>`);
  expect(rss).toContain(`${SITE}/feed.xml`);
  expect(rss).not.toMatch(buildTimeUrl);
  const atom = await (await fetch(server.url + '/atom.xml')).text();
  expect(atom).toContain(`${SITE}/atom.xml`);

  const robots = await (await fetch(server.url + '/robots.txt')).text();
  expect(robots).toContain(`Sitemap: ${SITE}/sitemap.xml`);
  const sitemap = await (await fetch(server.url + '/sitemap.xml')).text();
  expect(sitemap).toContain(`<loc>${SITE}/</loc>`);
  expect(sitemap).not.toMatch(buildTimeUrl);

  // The test clock does not exist in a production run.
  const clock = await fetch(server.url + '/api/test/publishing', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: null }),
  });
  expect(clock.status).toBe(404);
});

test('HSTS is sent when SITE_URL is https, read when the server starts (not at build time)', async () => {
  const res = await fetch(server.url + '/signin', { headers: { accept: 'text/html' } });
  expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
});
