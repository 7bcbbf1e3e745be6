import { expect, test, type Page, type Response } from '@playwright/test';
import { DEMO, DEMO_PASSWORD } from './support/auth';
import { LONG_THREAD_SLUG } from '../db/seed/fixtures';

/** Replaces one field of a multipart form body (as the browser sent it) with `value`. */
function replaceField(body: string, name: string, value: string): string {
  const re = new RegExp(`(name="${name.replace(/\$/g, '\\$')}"\\r\\n\\r\\n)[^\\r]*`);
  if (!re.test(body)) throw new Error(`no field ${name} in the form post`);
  return body.replace(re, (_m, head: string) => head + value);
}

/** The answer to the next form post this page sends (the redirect itself, before the browser follows it). */
const nextPost = (page: Page): Promise<Response> =>
  page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest(), { timeout: 20_000 });

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
    await page.route(`**/article/${LONG_THREAD_SLUG}*`, async (route) => {
      const req = route.request();
      if (req.method() !== 'POST') return route.continue();
      let body = req.postData() ?? '';
      body = replaceField(body, 'back', '/\t/evil.example');
      body = replaceField(body, 'value', '0');
      await route.continue({ postData: body });
    });
    const answered = nextPost(page);
    await page.getByRole('form', { name: 'Vote' }).first().getByRole('button', { name: 'Upvote' }).click();
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
