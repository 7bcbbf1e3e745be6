/**
 * Two app instances on one Postgres and one Redis behind a round-robin balancer (scripts/balancer.mjs), as
 * `npm run cluster` runs them. Everything goes through the balancer; a browser context or request carrying
 * `X-Pin-Instance` is served by that instance only ("a reader connected to B"), and every answer says which
 * instance served it (`X-Served-By`). Before each write, instance B holds a cached copy of the page the write
 * changes, so what B shows afterwards proves the invalidation travelled.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from './support/fixtures';
import { SCHEDULED_SLUG, SEARCH_SLUG } from '../db/seed/fixtures';
import { DEMO, stamp } from './support/accounts';
import { commentBy, commentForm } from './support/pages/comments';
import { signIn, signOut } from './support/pages/signin';
import { createCluster, type Cluster } from './support/pg-cluster';
import { sparePort, startServer, type Server } from './support/next-server';
import { startRedis, type TestRedis } from '../scripts/redis-server.mjs';
import { startBalancer } from '../scripts/balancer.mjs';

const LB = `http://127.0.0.1:${sparePort(54)}`;
const A = { 'x-pin-instance': '0' };
const B = { 'x-pin-instance': '1' };
const COMMENT_SLUG = 'library-hours-are-back-and-so-are-the-lines';
const LIVE_SLUG = 'a-jazz-club-reopens-in-the-old-bank-vault';
const OUTAGE_SLUG = 'shakespeare-in-a-parking-garage';

let pg: Cluster;
let redis: TestRedis;
const servers: Server[] = [];
let balancer: Awaited<ReturnType<typeof startBalancer>>;

test.use({ baseURL: LB });
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, info) => {
  info.setTimeout(300_000);
  pg = createCluster(sparePort(50));
  pg.start();
  const seed = spawnSync('node_modules/.bin/tsx', ['db/cli/seed.ts'], { env: { ...process.env, DATABASE_URL: pg.url }, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed failed:\n${seed.stdout}\n${seed.stderr}`);
  redis = await startRedis(sparePort(51));
  const env = {
    DATABASE_URL: pg.url,
    REDIS_URL: `${redis.url}/3`,
    SITE_URL: LB,
    TRUSTED_IP_HEADERS: 'x-real-ip',
    SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT || 2626}`,
    // The e2e-only clock route (app/api/test/publishing): moves one instance's clock to a publish time.
    BROADSHEET_E2E: '1',
  };
  servers.push(...(await Promise.all([startServer(sparePort(52), env), startServer(sparePort(53), env)])));
  balancer = await startBalancer({ targets: servers.map((s) => s.url), port: sparePort(54), passClientIp: true, allowPin: true });
});

test.afterAll(async () => {
  await balancer?.close();
  for (const s of servers) s.kill();
  await Promise.all(servers.map((s) => s.exited));
  await redis?.stop();
  pg?.destroy();
});

/** A signed-in browser whose every request goes to one instance. */
async function userOn(
  browser: Browser,
  pin: Record<string, string>,
  email: string,
  next = '/',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ extraHTTPHeaders: pin });
  const page = await context.newPage();
  await signIn(page, email, undefined, next);
  return { context, page };
}

/** GETs `path` from one instance; checks that instance answered. */
async function getFrom(request: APIRequestContext, pin: Record<string, string>, path: string) {
  const res = await request.get(path, { headers: pin });
  expect(res.headers()['x-served-by'], `${path} served by the pinned instance`).toBe(pin['x-pin-instance']);
  return res;
}

/** Has instance `pin` serve `path` from its cache (fresh), so a later change must invalidate that copy. */
async function cachedOn(request: APIRequestContext, pin: Record<string, string>, path: string): Promise<string> {
  await expect.poll(async () => (await getFrom(request, pin, path)).headers()['x-nextjs-cache'], { message: `${path} cached` }).toBe('HIT');
  return (await getFrom(request, pin, path)).text();
}

/** Posts a comment through the thread's form; waits until the form confirms it. */
async function postComment(page: Page, text: string) {
  const form = commentForm(page);
  await form.getByLabel('Your comment', { exact: true }).fill(text);
  await form.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.locator('.prose-comment', { hasText: text }).filter({ visible: true })).toBeVisible({ timeout: 20_000 });
}

test('a comment and a vote written through A are on the next page B serves', async ({ browser, request }) => {
  const path = `/article/${COMMENT_SLUG}`;
  const text = `Written on A ${stamp()}`;
  expect(await cachedOn(request, B, path)).not.toContain(text);

  const robin = await userOn(browser, A, DEMO.reader.email, path);
  await robin.page.goto(path);
  await postComment(robin.page, text);
  expect(await (await getFrom(request, B, path)).text()).toContain(text);

  // Sam upvotes it on A; an anonymous reader on B sees the score.
  await cachedOn(request, B, path);
  const sam = await userOn(browser, A, DEMO.reader2.email, path);
  await sam.page.goto(path);
  const theirs = commentBy(sam.page, text).locator(':scope > article');
  // The vote's own action call (its body is the arguments, `[commentId,1]`), not any action the page makes: the
  // button shows the vote at once (optimistically), so only this answer says it is stored.
  const id = await commentBy(sam.page, text).getAttribute('data-comment-id');
  const voted = sam.page.waitForResponse((r) => !!r.request().headers()['next-action'] && r.request().postData() === `[${id},1]` && r.ok());
  await theirs.getByRole('button', { name: 'Upvote' }).click();
  await voted;
  await expect(theirs.getByRole('button', { name: 'Upvote' })).toHaveAttribute('aria-pressed', 'true');

  const reader = await browser.newContext({ extraHTTPHeaders: B });
  const onB = await reader.newPage();
  await onB.goto(path);
  await expect(commentBy(onB, text).locator(':scope > article').getByTestId('score').filter({ visible: true })).toHaveText('1');
  await Promise.all([robin.context.close(), sam.context.close(), reader.close()]);
});

test('a correction saved on A is on the next article page B serves', async ({ browser, request }) => {
  const path = `/article/${SEARCH_SLUG}`;
  const html = await cachedOn(request, B, path);
  const articleId = /name="articleId" value="([^"]+)"/.exec(html)?.[1];
  expect(articleId).toBeTruthy();
  const title = `The painter who mixes her own colours (corrected ${stamp()})`;

  const editor = await userOn(browser, A, DEMO.editor.email, `/admin/articles/${articleId}`);
  await editor.page.goto(`/admin/articles/${articleId}`);
  await editor.page.getByLabel('Title', { exact: true }).filter({ visible: true }).fill(title);
  await editor.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editor.page.getByRole('status').filter({ hasText: 'Saved: the article is live.' })).toBeVisible();
  await editor.context.close();

  const res = await getFrom(request, B, path);
  expect(await res.text()).toContain(title);
});

test('a pledge made on A moves the campaign bar on the next page B serves', async ({ browser, request }) => {
  const path = `/article/${SEARCH_SLUG}`;
  const valueNow = (html: string) => Number(/aria-valuenow="(\d+)"/.exec(html)?.[1]);
  const before = valueNow(await cachedOn(request, B, path));
  expect(before).toBeGreaterThan(0);

  const sam = await userOn(browser, A, DEMO.reader2.email, '/support');
  await sam.page.goto('/support');
  const form = sam.page.locator('#pledge-form');
  await form.getByRole('radio', { name: '$25', exact: true }).check();
  await form.getByRole('button', { name: 'Pledge' }).click();
  await expect(sam.page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
  await sam.context.close();

  expect(valueNow(await (await getFrom(request, B, path)).text())).toBe(before + 2500);
});

test('a comment posted on A reaches a reader connected to B within 2 seconds', async ({ browser }) => {
  const path = `/article/${LIVE_SLUG}`;
  const reader = await browser.newContext({ extraHTTPHeaders: B });
  const onB = await reader.newPage();
  // What went wrong in B's page, should its event stream never open (it once did not, in a full run).
  const trouble: string[] = [];
  onB.on('console', (m) => void (m.type() === 'error' && trouble.push(`console: ${m.text()}`)));
  onB.on('pageerror', (e) => trouble.push(`page error: ${e.message}`));
  onB.on('requestfailed', (r) => trouble.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  onB.on('response', (r) => void (r.status() >= 400 && trouble.push(`${r.status()}: ${r.url()}`)));
  const stream = onB.waitForResponse((r) => r.url().includes('/api/comments/stream'));
  await onB.goto(path);
  const opened = await stream.catch((err: Error) => {
    throw new Error(
      `${err.message}\nB's page:\n${trouble.join('\n') || '(no error seen)'}\nB's output:\n${servers[1].output().slice(-3000)}`,
    );
  });
  expect(opened.headers()['x-served-by']).toBe('1');

  const author = await userOn(browser, A, DEMO.author.email, path);
  await author.page.goto(path);
  const text = `Live from A ${stamp()}`;
  await postComment(author.page, text);
  // It appears in place on B's page, at the top of the thread, without a refresh.
  await expect(onB.getByRole('list', { name: 'New comments' }).getByText(text)).toBeVisible({ timeout: 2_000 });
  await Promise.all([reader.close(), author.context.close()]);
});

/** A raw event stream through the balancer (pinned), collecting its frames; `until(text)` waits for one. */
function rawStream(articleId: string, pin: Record<string, string>, lastEventId?: string) {
  const frames: { id: string | null; event: string; data: string }[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  const req = http.get(`${LB}/api/comments/stream?articleId=${encodeURIComponent(articleId)}`, {
    headers: { ...pin, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
  });
  req.on('response', (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        if (event) frames.push({ id: /^id: (\d+)$/m.exec(block)?.[1] ?? null, event, data: /^data: (.+)$/m.exec(block)?.[1] ?? '' });
      }
      for (const w of waiters.splice(0)) w();
    });
  });
  const until = async (text: string) => {
    const deadline = Date.now() + 20_000;
    while (!frames.some((f) => f.data.includes(text))) {
      if (Date.now() > deadline) throw new Error(`no frame with "${text}" in 20 s: ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
    return frames.find((f) => f.data.includes(text))!;
  };
  return { frames, until, close: () => req.destroy() };
}

test('a reader whose stream moves from A to B resumes there with its Last-Event-ID: event ids are the same on both', async ({
  browser,
}) => {
  // Three sign-ins and three posts across two instances: over 30 s when both suites share the machine.
  test.setTimeout(90_000);
  const path = `/article/${LIVE_SLUG}`;
  // People who post nothing else in this file (the posting interval is per person and the tests follow each other).
  const first = await userOn(browser, A, DEMO.reader2.email, path);
  await first.page.goto(path);
  const articleId = await commentForm(first.page).locator('input[name="articleId"]').inputValue();
  const id = stamp();
  const onA = rawStream(articleId, A);
  await postComment(first.page, `Heard on A ${id}`);
  const heard = await onA.until(`Heard on A ${id}`);
  expect(heard.event).toBe('comment');
  onA.close();

  // While the reader is away, two more comments.
  const second = await userOn(browser, A, DEMO.moderator.email, path);
  await second.page.goto(path);
  await postComment(second.page, `Missed one ${id}`);
  const third = await userOn(browser, B, DEMO.editor.email, path);
  await third.page.goto(path);
  await postComment(third.page, `Missed two ${id}`);

  // It reconnects to B with the id A gave it: B replays exactly what it missed, in order, nothing else first.
  const onB = rawStream(articleId, B, heard.id!);
  await onB.until(`Missed two ${id}`);
  expect(onB.frames.slice(0, 2).map((f) => [f.event, JSON.parse(f.data).bodyHtml])).toEqual([
    ['comment', `<p>Missed one ${id}</p>`],
    ['comment', `<p>Missed two ${id}</p>`],
  ]);
  onB.close();
  await Promise.all([first.context.close(), second.context.close(), third.context.close()]);
});

test('the sign-in limit counts attempts on both instances together', async ({ playwright }) => {
  // One client (its own address) guessing a password, its attempts spread over both instances.
  const client = await playwright.request.newContext({ baseURL: LB, extraHTTPHeaders: { 'x-real-ip': '203.0.113.77' } });
  const attempt = async (pin: Record<string, string>, password: string) => {
    const csrf = (await (await client.get('/api/auth/csrf', { headers: pin })).json()) as { csrfToken: string };
    return client.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, email: DEMO.moderator.email, password },
      headers: pin,
      maxRedirects: 0,
    });
  };
  for (const [i, pin] of [A, B, A].entries()) {
    const res = await attempt(pin, `wrong-guess-${i}`);
    expect(res.status(), `guess ${i + 1} answered, not refused`).not.toBe(429);
  }
  // The fourth comes too soon after three failures, whichever instance takes it: even the right password waits.
  for (const pin of [B, A]) {
    const res = await attempt(pin, DEMO.moderator.password);
    expect(res.status()).toBe(429);
    expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
  }
  await client.dispose();
});

test('signing out on A ends the session on B', async ({ browser }) => {
  const robin = await userOn(browser, A, DEMO.reader.email, '/account');
  const session = (await robin.context.cookies()).filter((c) => c.name.includes('authjs.session-token'));
  expect(session.length).toBeGreaterThan(0);

  // The same cookie on B works...
  const other = await browser.newContext({ extraHTTPHeaders: B });
  await other.addCookies(session);
  const onB = await other.newPage();
  await onB.goto('/account');
  await expect(onB.getByRole('heading', { name: 'Your account' })).toBeVisible();

  // ...until its owner signs out on A.
  await signOut(robin.page);
  await onB.goto('/account');
  await expect(onB).toHaveURL(/\/signin\?next=%2Faccount/);
  await Promise.all([robin.context.close(), other.close()]);
});

test('an article the publish job makes public on A is on the next page B serves', async ({ request }) => {
  const path = `/article/${SCHEDULED_SLUG}`;
  // B has cached "not found" for it.
  await expect
    .poll(async () => {
      const res = await getFrom(request, B, path);
      return `${res.status()} ${res.headers()['x-nextjs-cache']}`;
    })
    .toBe('404 HIT');
  // Only A's clock reaches the publish time (a week ahead): B's own job neither publishes it nor notices it,
  // so B can only learn it from the tags A's tick expired (revalidateTag in this route handler, which ends in A's
  // cache handlers' tag state and so in Redis: lib/cache-invalidate.ts).
  const res = await request.post('/api/test/publishing', {
    headers: A,
    data: { now: new Date(Date.now() + 8 * 86_400_000).toISOString() },
  });
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { published: { slug: string }[] }).published.map((p) => p.slug)).toContain(SCHEDULED_SLUG);
  try {
    const onB = await getFrom(request, B, path);
    expect(onB.status()).toBe(200);
    expect(await onB.text()).toContain('Budget week: a preview of the hearings');
  } finally {
    await request.post('/api/test/publishing', { headers: A, data: { now: null, tick: false } });
  }
});

test('without Redis both instances keep serving; a change made meanwhile reaches B when Redis is back', async ({ browser, request }) => {
  const path = `/article/${OUTAGE_SLUG}`;
  const sharing = async (pin: Record<string, string>) => {
    const res = await getFrom(request, pin, '/api/health');
    expect(res.status(), 'healthy whatever Redis does').toBe(200);
    return ((await res.json()) as { cache: string }).cache;
  };
  await cachedOn(request, B, path);
  for (const pin of [A, B]) expect(await sharing(pin)).toBe('shared');
  // Logged once per outage: a slow command earlier in the run (a busy machine) may have logged one already.
  const unreachable = (s: Server) => (s.output().match(/\[cache\] Redis unreachable/g) ?? []).length;
  const before = servers.map(unreachable);
  await redis.stop();

  for (const pin of [A, B]) {
    for (const p of ['/', path, '/archive']) expect((await getFrom(request, pin, p)).status(), `${p} while Redis is down`).toBe(200);
  }
  // A write on A still works and shows on A at once (its own cache).
  const text = `Written while Redis was down ${stamp()}`;
  const admin = await userOn(browser, A, DEMO.admin.email, path);
  await admin.page.goto(path);
  await postComment(admin.page, text);
  await admin.context.close();
  expect(await (await getFrom(request, A, path)).text()).toContain(text);
  servers.forEach((s, i) => expect(unreachable(s), 'one "unreachable" line for this outage').toBe(before[i] + 1));
  for (const pin of [A, B]) expect(await sharing(pin)).toBe('local (Redis unreachable)');

  // Back (empty, as after a restart without persistence): both reconnect by themselves and B catches up.
  await redis.start();
  await expect.poll(async () => (await (await getFrom(request, B, path)).text()).includes(text), { timeout: 20_000 }).toBe(true);
  for (const s of servers) await expect.poll(() => /\[cache\] Redis reachable again/.test(s.output()), { timeout: 20_000 }).toBe(true);
  for (const pin of [A, B]) expect(await sharing(pin)).toBe('shared');
});
