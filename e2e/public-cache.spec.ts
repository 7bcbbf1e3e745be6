import { expect, test, type APIRequestContext, type APIResponse, type Page } from './support/fixtures';
import { SEARCH_SLUG } from '../db/seed/fixtures';
import { DEMO } from './support/accounts';

/**
 * The public read path: pages are the same bytes for every reader and come from cache; the reader's own
 * parts (account menu, pledge email) arrive from /api/viewer after load.
 */
const ARTICLE = `/article/${SEARCH_SLUG}`;

const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Your account' });

/** A page with its browser context at hand (for the context's own request client). */
async function withContext(opening: Promise<Page>) {
  const page = await opening;
  return { page, context: page.context() };
}

/** Requests a page until the cache answers it as fresh (a stale entry is regenerated in the background). */
async function warm(request: APIRequestContext, path: string): Promise<void> {
  await expect
    .poll(async () => (await request.get(path)).headers()['x-nextjs-cache'], { message: `${path} served fresh from cache` })
    .toBe('HIT');
}

function expectSharedCacheable(res: APIResponse, path: string) {
  const cc = res.headers()['cache-control'] ?? '';
  expect(res.status(), path).toBe(200);
  expect(res.headers()['x-nextjs-postponed'], `${path} is not resumed per request`).toBeUndefined();
  expect(cc, `${path} Cache-Control`).toMatch(/(^|[ ,])s-maxage=\d+/);
  expect(cc, `${path} Cache-Control`).toMatch(/stale-while-revalidate=\d+/);
  expect(cc, `${path} Cache-Control`).not.toMatch(/private|no-store/);
}

function expectPrivate(res: APIResponse, path: string) {
  const cc = res.headers()['cache-control'] ?? '';
  expect(cc, `${path} Cache-Control`).toMatch(/private/);
  expect(cc, `${path} Cache-Control`).toMatch(/no-store/);
  expect(cc, `${path} Cache-Control`).not.toMatch(/s-maxage|public/);
}

// @solo: these tests read what the shared cache holds and the server-wide SQL counter, which requests of
// specs running alongside would move; they run after the others, one at a time (playwright.config.ts).
test.describe('public pages from cache', { tag: '@solo' }, () => {
  test('two anonymous requests of an article get identical bytes that a shared cache may keep', async ({ request }) => {
    // Earlier specs' comments may have expired the page (comment counts): wait until a fresh copy is cached.
    await expect.poll(async () => (await request.get(ARTICLE)).headers()['x-nextjs-cache'], { timeout: 20_000 }).toBe('HIT');
    const first = await request.get(ARTICLE);
    const second = await request.get(ARTICLE);
    expectSharedCacheable(first, ARTICLE);
    expectSharedCacheable(second, ARTICLE);
    expect(second.headers()['x-nextjs-cache']).toBe('HIT');
    const a = await first.text();
    expect(a).toContain('Sign in');
    expect(await second.text()).toBe(a);
  });

  test('each reader sees their own account menu on the same cached page; the page itself names nobody', async ({
    asUser,
    page,
    request,
  }) => {
    const anonymousHtml = await (await request.get(ARTICLE)).text();
    const robin = await withContext(asUser(DEMO.reader.email));
    const ada = await withContext(asUser(DEMO.admin.email));
    try {
      // The page a signed-in reader's browser gets is the anonymous one, byte for byte.
      const robinHtml = await (await robin.context.request.get(ARTICLE)).text();
      expect(robinHtml).toBe(anonymousHtml);
      expect(robinHtml).not.toContain('Robin Park');

      await robin.page.goto(ARTICLE);
      await expect(accountNav(robin.page).getByRole('link', { name: 'Robin Park' })).toBeVisible();
      await expect(accountNav(robin.page).getByRole('link', { name: 'Sign in' })).toHaveCount(0);
      await expect(accountNav(robin.page).getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);
      // The pledge form below the article gets the reader's address.
      await expect(robin.page.locator('#support-us').getByLabel('Email', { exact: true })).toHaveValue(DEMO.reader.email);

      await ada.page.goto(ARTICLE);
      await expect(accountNav(ada.page).getByRole('link', { name: 'Ada Whitcombe' })).toBeVisible();
      await expect(accountNav(ada.page).getByRole('link', { name: 'Admin', exact: true })).toBeVisible();
      await expect(accountNav(ada.page).getByRole('link', { name: 'Robin Park' })).toHaveCount(0);

      // An anonymous reader keeps the menu the cached HTML has (Sign in, Your account) once /api/viewer has
      // answered "nobody", so nothing on the page moves.
      const viewerAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/viewer');
      await page.goto(ARTICLE);
      expect(await (await viewerAnswered).json()).toMatchObject({ viewer: null });
      await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
      await expect(accountNav(page).getByRole('link', { name: 'Your account' })).toBeVisible();
      await expect(page.locator('#support-us').getByLabel('Email', { exact: true })).toHaveValue('');

      // Signing out from the menu shows the signed-out menu.
      await accountNav(robin.page).getByRole('button', { name: 'Sign out' }).click();
      await expect(accountNav(robin.page).getByRole('link', { name: 'Sign in' })).toBeVisible();
      await expect(accountNav(robin.page).getByRole('link', { name: 'Robin Park' })).toHaveCount(0);
    } finally {
      await robin.context.close();
      await ada.context.close();
    }
  });

  test('anonymous pages may be kept by shared caches; /account and /api/viewer are private', async ({ asUser, request }) => {
    const home = await request.get('/');
    const categoryHref = /href="(\/category\/[a-z0-9-]+)"/.exec(await home.text())?.[1];
    expect(categoryHref).toBeTruthy();
    for (const path of ['/', ARTICLE, categoryHref!, '/archive']) {
      await request.get(path);
      expectSharedCacheable(await request.get(path), path);
    }
    const feed = await request.get('/feed.xml');
    expect(feed.headers()['cache-control']).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/);

    const anonymousViewer = await request.get('/api/viewer');
    expectPrivate(anonymousViewer, '/api/viewer');
    expect(await anonymousViewer.json()).toEqual({ viewer: null });

    const robin = await withContext(asUser(DEMO.reader.email));
    try {
      const account = await robin.context.request.get('/account');
      expect(account.status()).toBe(200);
      expectPrivate(account, '/account');
      const viewer = await robin.context.request.get('/api/viewer');
      expectPrivate(viewer, '/api/viewer');
      expect(viewer.headers()['vary']).toMatch(/cookie/i);
      expect((await viewer.json()).viewer).toMatchObject({ name: 'Robin Park', email: DEMO.reader.email, staff: false });
      // The article a signed-in reader gets is still the shared one.
      expectSharedCacheable(await robin.context.request.get(ARTICLE), ARTICLE);
    } finally {
      await robin.context.close();
    }
  });

  test('a pledge that counts shows on the next anonymous request, and repeats send no SQL', async ({ asUser, request }) => {
    const valueNow = async () => Number(/aria-valuenow="(\d+)"/.exec(await (await request.get(ARTICLE)).text())?.[1]);
    const before = await valueNow();
    expect(before).toBeGreaterThan(0);

    const sam = await withContext(asUser(DEMO.reader2.email));
    try {
      await sam.page.goto('/support');
      const form = sam.page.locator('#pledge-form');
      await form.getByRole('radio', { name: '$25', exact: true }).check();
      await form.getByRole('button', { name: 'Pledge' }).click();
      await expect(sam.page.getByRole('heading', { name: 'Thank you for your pledge!' })).toBeVisible();
    } finally {
      await sam.context.close();
    }
    // A verified account pledging with its own address counts at once: the cached pages were invalidated.
    expect(await valueNow()).toBe(before + 2500);

    // Every page shows the campaign bar, so the pledge refreshed them all; served again, they cost no SQL.
    const home = await (await request.get('/')).text();
    const categoryHref = /href="(\/category\/[a-z0-9-]+)"/.exec(home)![1]!;
    const paths = ['/', ARTICLE, categoryHref, '/archive'];
    for (const path of paths) await warm(request, path);
    const queries = async () => ((await (await request.get('/api/health')).json()) as { queries: number }).queries;
    const q0 = await queries();
    for (let round = 0; round < 3; round++) {
      for (const path of paths) expect((await request.get(path)).headers()['x-nextjs-cache'], path).toBe('HIT');
    }
    // The only statement in between is the first health check's own `select 1`.
    expect((await queries()) - q0).toBe(1);
  });

  test('on a phone, nothing on the article moves once the page has loaded its reader parts', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
          if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    try {
      // The reader parts: who is reading (GET /api/viewer) and their state in the thread (a server action).
      const readerParts = Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/viewer'),
        page.waitForResponse((r) => r.request().method() === 'POST' && !!r.request().headers()['next-action']),
      ]);
      await page.goto(ARTICLE, { waitUntil: 'load' });
      await readerParts;
      // Two frames after the last answer, so any re-render it caused has been laid out.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // Google's "good" cumulative layout shift is at most 0.1; the account menu alone used to cost 0.31 here.
      expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBeLessThan(0.1);
    } finally {
      await context.close();
    }
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the header offers "Sign in" and "Your account", and the account link leads through sign-in', async ({ page }) => {
    await page.goto(ARTICLE);
    await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await accountNav(page).getByRole('link', { name: 'Your account' }).click();
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.reader.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO.reader.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  });
});
