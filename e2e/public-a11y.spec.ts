/**
 * Every public and account page on a 375 px phone: axe-core (WCAG 2.x A/AA and best practices) finds no
 * violation, and nothing is wider than the screen. Anonymous for the public pages, a signed-in reader for
 * the account pages and a comment's page. No page and no element is excluded.
 */
import { expect, test, type Page } from './support/fixtures';
import { gotoHydrated } from './support/hydration';
import { DEMO } from './support/accounts';
import { axeViolations } from './support/pages/a11y';
import { firstHref } from './support/pages/article';
import { LONG_THREAD_SLUG, SEARCH_SLUG } from '../db/seed/fixtures';

const PHONE = { width: 375, height: 800 };

/** Opens `path` and returns the first `selector` link's path (without its fragment). */
async function hrefOn(page: Page, path: string, selector: string): Promise<string> {
  await page.goto(path);
  return (await firstHref(page, selector)).replace(/#.*$/, '');
}

async function check(page: Page, path: string) {
  const res = await gotoHydrated(page, path);
  expect(res?.status(), path).toBe(200);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect.soft(await axeViolations(page), `axe on ${path}`).toEqual([]);
  expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `scrollWidth of ${path}`).toBeLessThanOrEqual(375);
}

// The pages in three groups that may run side by side (axe on a long page takes seconds of CPU).
test.describe.configure({ mode: 'parallel' });

const PUBLIC_GROUPS: Record<string, (page: Page) => Promise<string[]>> = {
  'front page, archive and listings': async (page) => [
    '/',
    '/archive',
    '/archive/page/2',
    await hrefOn(page, '/', 'nav[aria-label="Sections"] a[href^="/category/"]'),
    await hrefOn(page, `/article/${SEARCH_SLUG}`, 'ul[aria-label="Tags"] a'),
    await hrefOn(page, `/article/${SEARCH_SLUG}`, 'a[rel="author"]'),
  ],
  'articles, a discussion and a comment': async (page) => [
    `/article/${SEARCH_SLUG}`,
    `/article/${LONG_THREAD_SLUG}`,
    `/article/${LONG_THREAD_SLUG}/discussion/top`,
    await hrefOn(page, `/article/${LONG_THREAD_SLUG}`, 'a:has(time[data-relative])'),
  ],
  'search, support and the account forms': async () => ['/search?q=council', '/support', '/signin', '/signup', '/forgot-password'],
};

for (const [group, paths] of Object.entries(PUBLIC_GROUPS)) {
  test(`public pages (${group}): no axe violations, no horizontal scroll at 375 px`, async ({ asUser }) => {
    test.setTimeout(240_000);
    const page = await asUser(null, { viewport: PHONE });
    for (const path of await paths(page)) await check(page, path);
    await page.context().close();
  });
}

test('account pages, as a signed-in reader: no axe violations, no horizontal scroll at 375 px', async ({ asUser }) => {
  test.setTimeout(240_000);
  const page = await asUser(DEMO.reader.email, { viewport: PHONE });
  const comment = await hrefOn(page, `/article/${LONG_THREAD_SLUG}`, 'a:has(time[data-relative])');
  for (const path of ['/account', '/account/security', '/account/notifications', '/account/data', comment]) await check(page, path);
  await page.context().close();
});
