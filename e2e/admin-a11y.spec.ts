/**
 * Every newsroom page, as an admin on a 375 px phone: axe-core (all its rules: WCAG 2.x A/AA and best
 * practices) finds no violation, and nothing is wider than the screen (no horizontal scroll). Pages with
 * ids are reached from their lists. No page and no element is excluded.
 */
import { expect, test, type Page } from './support/fixtures';
import { gotoHydrated } from './support/hydration';
import { DEMO } from './support/accounts';
import { axeViolations } from './support/pages/a11y';
import { signIn } from './support/pages/signin';

let page: Page;
const found: Record<string, string> = {};

/** The first link on `list` whose path matches `pattern` (an article, a user, a campaign…). */
async function firstLink(list: string, pattern: RegExp): Promise<string> {
  await page.goto(list);
  let href: string | undefined;
  // The list may still be streaming in: look again until a matching link is there.
  await expect(async () => {
    const hrefs = await page.locator('main a[href^="/admin/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    href = hrefs.find((h) => pattern.test(h));
    expect(href, `a link matching ${pattern} on ${list}`).toBeTruthy();
  }).toPass();
  return href!;
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  page = await context.newPage();
  await signIn(page, DEMO.admin.email);
  found.article = await firstLink('/admin/articles', /^\/admin\/articles\/(?!new)[^/?#]+$/);
  found.user = await firstLink('/admin/users', /^\/admin\/users\/[^/?#]+$/);
  found.campaign = await firstLink('/admin/campaigns', /^\/admin\/campaigns\/(?!new)[^/?#]+$/);
});

test.afterAll(async () => page?.context().close());

const PAGES: { name: string; path: () => string; heading?: RegExp }[] = [
  { name: 'dashboard', path: () => '/admin' },
  { name: 'articles list', path: () => '/admin/articles' },
  { name: 'editor, new article', path: () => '/admin/articles/new' },
  { name: 'editor, existing article', path: () => found.article },
  { name: 'revisions', path: () => `${found.article}/revisions` },
  { name: 'media', path: () => '/admin/media' },
  { name: 'comments queue', path: () => '/admin/comments' },
  { name: 'users', path: () => '/admin/users' },
  { name: 'a user', path: () => found.user },
  { name: 'campaigns', path: () => '/admin/campaigns' },
  { name: 'a campaign', path: () => found.campaign },
  { name: 'pledges', path: () => '/admin/pledges' },
  { name: 'settings', path: () => '/admin/settings' },
  { name: 'taxonomy', path: () => '/admin/taxonomy' },
  { name: 'audit log', path: () => '/admin/audit' },
  { name: 'outbox', path: () => '/admin/outbox' },
  { name: 'import', path: () => '/admin/import' },
];

for (const p of PAGES) {
  test(`${p.name}: no axe violations, no horizontal scroll at 375 px`, async () => {
    const res = await gotoHydrated(page, p.path());
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    expect.soft(await axeViolations(page), `axe on ${p.path()}`).toEqual([]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `scrollWidth of ${p.path()}`).toBeLessThanOrEqual(375);
  });
}
