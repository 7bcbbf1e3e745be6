import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Response as PwResponse } from '@playwright/test';
import { expect, test, type BrowserContext, type Page } from './support/fixtures';
import { gotoHydrated } from './support/hydration';
import { DEMO, DEMO_PASSWORD } from './support/accounts';
import { LONG_THREAD_SLUG } from '../db/seed/fixtures';
import { seededCluster, type Cluster } from './support/pg-cluster';
import { replaceField } from './support/multipart';
import { sparePort, startServer, type Server } from './support/next-server';
import { commentForm } from './support/pages/comments';
import { signIn } from './support/pages/signin';

/** The answer to the next form post this page sends (the redirect itself, before the browser follows it). */
const nextPost = (page: Page): Promise<PwResponse> =>
  page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest(), { timeout: 20_000 });

/** The article id a page's comment form posts (for the live-comments stream). */
async function articleIdOf(base: string, slug: string): Promise<string> {
  const html = await (await fetch(`${base}/article/${slug}`)).text();
  const id = /name="articleId" value="([^"]+)"/.exec(html)?.[1];
  if (!id) throw new Error(`no articleId on /article/${slug}`);
  return id;
}

/** Opens a live-comments event stream; resolves once its first bytes arrived (the stream is open). */
function openStream(base: string, articleId: string): Promise<{ res: http.IncomingMessage; ended: Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/comments/stream?articleId=${encodeURIComponent(articleId)}`, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      const ended = new Promise<void>((done) => {
        res.once('end', done);
        res.once('close', done);
      });
      res.once('data', () => resolve({ res, ended, close: () => req.destroy() }));
    });
    req.once('error', reject);
  });
}

/** Resolves with `p`, or rejects after `ms` (an upper bound, not a sleep). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

function expectOnSite(location: string | null, baseURL: string) {
  expect(location, 'a redirect').toBeTruthy();
  // Resolve the Location the way a browser does, tabs and newlines stripped and backslashes read as slashes.
  const browserView = location!.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
  expect(new URL(browserView, baseURL + '/article/x').origin).toBe(new URL(baseURL).origin);
}

test.describe('open redirects', () => {
  test('a no-JavaScript vote with a crafted back="/\\t/evil.example" stays on the site', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/signin?next=${encodeURIComponent(`/article/${LONG_THREAD_SLUG}`)}`);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.reader2.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`**/article/${LONG_THREAD_SLUG}`);

    // The attacker's page would post this form with its own `back`; value 0 (withdraw) changes nothing.
    // The cached article links each comment's vote to the comment's own page, where the vote form is.
    await page.getByRole('list', { name: 'Comments' }).getByRole('link', { name: 'Upvote' }).first().click();
    await page.waitForURL(/\/comments\/\d+/);
    await page.route(`**/article/${LONG_THREAD_SLUG}/**`, async (route) => {
      const req = route.request();
      if (req.method() !== 'POST') return route.continue();
      let body = req.postData() ?? '';
      body = replaceField(body, 'back', '/\t/evil.example');
      body = replaceField(body, 'value', '0');
      await route.continue({ postData: body });
    });
    const answered = nextPost(page);
    await page
      .getByRole('form', { name: /^Vote on comment \d+$/ })
      .first()
      .getByRole('button', { name: 'Upvote' })
      .click();
    const res = await answered;
    expect(res.status()).toBe(303);
    expectOnSite(res.headers()['location'] ?? null, baseURL!);
    await page.waitForLoadState();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await context.close();
  });

  test('signing in with next="/.//evil.example" stays on the site', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Dot segments normalise to the path "//evil.example", which a browser reads as another host.
    await page.goto(`/signin?next=${encodeURIComponent('/.//evil.example')}`);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.reader2.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    const answered = nextPost(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const res = await answered;
    expect(res.status()).toBe(303);
    expectOnSite(res.headers()['location'] ?? null, baseURL!);
    await context.close();
  });
});

test.describe('bad addresses and bad input', () => {
  // Each answered 500 before (a NUL reached Postgres, or the decoder threw on invalid UTF-8).
  const cases: [string, number][] = [
    ['/article/%00', 400],
    ['/article/%C0%AF', 400],
    ['/article/%FF', 400],
    ['/article/a%0Ab', 400],
    ['/tag/%00', 400],
    ['/category/%FF', 400],
    ['/category/%00/feed.xml', 400],
    ['/author/%00', 400],
    ['/author/%00/page/1', 400],
    ['/u/%00', 400],
    ['/api/comments/stream?articleId=%00', 400],
    ['/search?q=%00', 400],
    ['/admin/users?q=%00', 400],
    // Already fine before; they must stay so.
    ['/media/..%2f..', 404],
    ['/media/%2e%2e/%2e%2e/etc/passwd', 404],
    ['/article/no-such-article', 404],
    ['/archive/page/abc', 404],
    ['/archive/page/99999999999999999999', 404],
    ['/tag/x/page/1e9', 404],
    ['/search?q=%C0%AF', 200],
    ['/search?q=caf%C3%A9', 200],
  ];
  for (const [url, status] of cases) {
    test(`${url} answers ${status} with a page that says what happened`, async ({ request }) => {
      const res = await request.get(url, { headers: { accept: 'text/html' }, maxRedirects: 0 });
      expect(res.status()).toBe(status);
      const body = await res.text();
      expect(body).not.toMatch(/\bat [\w$.<>]+ \(|node_modules|Error: /);
      if (status === 400) expect(body).toContain('This address contains characters that no page on this site has');
    });
  }

  test('a POST with a NUL in the address is refused before any action runs', async ({ request }) => {
    const res = await request.post('/api/comments/unsubscribe?token=%00', { maxRedirects: 0 });
    expect(res.status()).toBe(400);
  });
});

test.describe('database outage', () => {
  test.setTimeout(240_000);
  let cluster: Cluster | undefined;
  let server: Server | undefined;
  test.afterAll(() => {
    server?.kill();
    cluster?.destroy();
  });

  test('while the Postgres server is down every kind of request answers 503 with Retry-After, then it recovers by itself', async ({
    browser,
  }) => {
    // Our own throwaway Postgres server: the shared one must never be stopped.
    const db = (cluster = seededCluster(sparePort(2300)));
    const app = (server = await startServer(sparePort(2), { DATABASE_URL: db.url, DATABASE_POOL_MAX: '4' }));
    const get = (path: string, init?: RequestInit) =>
      fetch(app.url + path, { redirect: 'manual', ...init, headers: { accept: 'text/html', ...init?.headers } });
    let stream!: Awaited<ReturnType<typeof openStream>>;
    let context!: BrowserContext;
    let reader!: Page;
    expect((await get('/')).status).toBe(200);
    await test.step('a live-comments stream is open and a reader is writing a comment', async () => {
      // A live-comments stream holds the LISTEN connection through the outage.
      stream = await openStream(app.url, await articleIdOf(app.url, LONG_THREAD_SLUG));
      // A reader with JavaScript is writing a comment when the database goes.
      context = await browser.newContext({ baseURL: app.url });
      reader = await context.newPage();
      await signIn(reader, DEMO.reader.email, DEMO_PASSWORD, `/article/${LONG_THREAD_SLUG}`);
      await reader.goto(`/article/${LONG_THREAD_SLUG}`);
      await commentForm(reader).getByLabel('Your comment', { exact: true }).fill('Posted into the outage');
    });

    await test.step('with the database stopped, every kind of request answers 503 with Retry-After, three times over', async () => {
      // As abrupt as a crash (this is what made postgres.js throw an uncaughtException before).
      db.stop('immediate');
      const requests: [string, () => Promise<Response>][] = [
        ['front page', () => get('/')],
        ['an article', () => get('/article/any-article')],
        ['a section', () => get('/category/news')],
        ['sign-in page', () => get('/signin')],
        ['the newsroom', () => get('/admin')],
        ['a feed (route handler)', () => get('/feed.xml')],
        ['live comments (route handler)', () => get('/api/comments/stream?articleId=x')],
        [
          'a server action',
          () =>
            get('/signin', {
              method: 'POST',
              headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
              body: '[]',
            }),
        ],
        ['health', () => get('/api/health')],
      ];
      for (let round = 0; round < 3; round++) {
        for (const [name, send] of requests) {
          const res = await send();
          expect(res.status, `${name}, round ${round}`).toBe(503);
          expect(Number(res.headers.get('retry-after')), `${name}: Retry-After`).toBeGreaterThan(0);
          const body = await res.text();
          expect(body).not.toMatch(/\bat [\w$.<>]+ \(|node_modules|ECONNREFUSED/);
          if (name !== 'health' && !name.includes('route handler')) {
            expect(body, name).toContain('Temporarily unavailable');
            expect(body, name).toContain('try again in a minute');
          }
        }
      }
    });

    await test.step("the comment form's post gets the 503 too, and the page says it was not saved", async () => {
      // The form's post gets the 503 too, and the page says what it means instead of "Something went wrong".
      await commentForm(reader).getByRole('button', { name: 'Post comment' }).click();
      await expect(reader.getByRole('heading', { name: 'Temporarily unavailable' })).toBeVisible();
      await expect(reader.getByText('this was not saved')).toBeVisible();
      await expect(reader.getByText('Something went wrong')).toHaveCount(0);
      await context.close();
    });

    await test.step('started again, it recovers by itself; the log tells the outage once', async () => {
      db.start();
      // Recovers by itself: the health check (what a load balancer polls) sees the database back and every
      // request is served again at once.
      expect((await get('/api/health')).status).toBe(200);
      expect((await get('/')).status).toBe(200);
      expect((await get('/category/news')).status).not.toBe(503);

      const log = app.output();
      expect(log.match(/\[database\] unreachable/g) ?? [], log).toHaveLength(1);
      expect(log.match(/\[database\] reachable again/g) ?? [], log).toHaveLength(1);
      expect(log).not.toMatch(/uncaughtException|unhandledRejection/);
      expect(log).not.toMatch(/ECONNREFUSED[\s\S]*ECONNREFUSED[\s\S]*ECONNREFUSED/);
    });

    stream.close();
  });
});

test.describe('shutdown', () => {
  test.setTimeout(240_000);
  let server: Server | undefined;
  let dataDir: string | undefined;
  test.afterAll(() => {
    server?.kill();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('SIGTERM with an open live-comments stream ends the stream and the process exits', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-sigterm-'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    const seeded = spawnSync('node_modules/.bin/tsx', ['db/cli/seed.ts'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 150_000,
    });
    expect(seeded.status, seeded.stderr).toBe(0);
    server = await startServer(sparePort(3), env);
    const stream = await openStream(server.url, await articleIdOf(server.url, LONG_THREAD_SLUG));
    // A request in flight at the same time still gets its answer.
    const inFlight = fetch(server.url + `/article/${LONG_THREAD_SLUG}`).then((r) => r.status);

    const sent = Date.now();
    server.proc.kill('SIGTERM');
    await within(stream.ended, 15_000, 'the stream to end');
    const code = await within(server.exited, 15_000, 'the process to exit');
    expect(Date.now() - sent).toBeLessThan(15_000);
    expect(code).toBe(143); // Next's own exit code for SIGTERM: a clean shutdown, not a crash
    expect(await inFlight).toBe(200);
    expect(server.output()).toContain('[shutdown] SIGTERM: closed 1 live comment stream(s)');
  });
});

test.describe('Content-Security-Policy', () => {
  test.setTimeout(180_000);

  test('every kind of page runs under the policy without a violation, and stays interactive', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    // Reported from the page itself (securitypolicyviolation) and by the browser's console.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|CSP violation/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    const visit = async (path: string) => {
      const res = await gotoHydrated(page, path);
      expect(res?.status(), path).toBeLessThan(400);
      const csp = res!.headers()['content-security-policy'] ?? '';
      for (const directive of [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ]) {
        expect(csp, `${path}: ${directive}`).toContain(directive);
      }
      // HSTS only when the site is published over https (this test server: http).
      expect(res!.headers()['strict-transport-security'], path).toBeUndefined();
    };

    await visit('/');
    // Client-side navigation works (hydrated router).
    await page.getByRole('link', { name: 'Support us' }).first().click();
    await expect(page).toHaveURL(/\/support/);

    await visit(`/article/${LONG_THREAD_SLUG}`);

    await visit('/signin');
    await page.getByLabel('Email', { exact: true }).fill(DEMO.editor.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).not.toHaveURL(/\/signin/, { timeout: 20_000 });

    await visit(`/article/${LONG_THREAD_SLUG}`);
    // Client components hydrated: the comment form's live character count follows typing.
    const form = page
      .locator('form')
      .filter({ has: page.getByLabel('Your comment', { exact: true }) })
      .first();
    await form.getByLabel('Your comment', { exact: true }).fill('Checking the policy');
    await expect(form.getByText('19 / 10,000 characters')).toBeVisible();

    await visit('/admin');
    await visit('/admin/articles/new');
    // The editor's live preview is a client component fed by a server action.
    await page.getByLabel('Title', { exact: true }).fill('CSP check');
    await page.getByRole('textbox', { name: 'Article text', exact: true }).click();
    await page.keyboard.type('## Heading from the editor');
    await expect(
      page.getByRole('region', { name: 'What readers will see' }).getByRole('heading', { name: 'Heading from the editor' }),
    ).toBeVisible({ timeout: 20_000 });

    expect(violations).toEqual([]);
    await context.close();
  });
});
