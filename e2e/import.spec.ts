/**
 * Moving a WordPress site in through /admin/import: upload, dry-run report, the import with its progress,
 * then the imported articles, comments, search and feed, and the old site's addresses answering 301s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from './support/fixtures';
import { DEMO } from './support/accounts';
import { waitForMail } from './support/pages/mailbox';
import { signIn } from './support/pages/signin';

// The fixture's images live on a host that refuses connections at once (port 9): they are reported missing.
const wxr = fs
  .readFileSync(path.join(import.meta.dirname, '../lib/import/fixtures/wordpress.xml'), 'utf8')
  .replaceAll('https://old-gazette.example/wp-content', 'http://127.0.0.1:9/wp-content');

/** Imports one of lib/import/fixtures from /admin/import: its dry run shows `dryRunSays`, then the import finishes. */
async function importFixture(page: Page, kind: string, fixture: string, mimeType: string, dryRunSays: string) {
  await page.goto('/admin/import');
  await page.getByLabel('What the file is').selectOption({ label: kind });
  await page.getByLabel('Export file').setInputFiles({
    name: fixture,
    mimeType,
    buffer: fs.readFileSync(path.join(import.meta.dirname, '../lib/import/fixtures', fixture)),
  });
  await page.getByRole('button', { name: 'Upload and check (dry run)' }).click();
  const report = page.getByRole('region', { name: 'Report' });
  await expect(report).toContainText(dryRunSays, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run the import' }).click();
  await expect(report).toContainText('Import finished.', { timeout: 60_000 });
}

test('an admin imports a WordPress export: dry run, import, and the old links lead to the new pages', async ({ page }) => {
  await signIn(page, DEMO.admin.email, DEMO.admin.password, '/admin/import');
  await expect(page.getByRole('heading', { name: 'Import an archive' })).toBeVisible();
  await page.getByLabel('What the file is').selectOption({ label: 'WordPress export (WXR, .xml)' });
  await page.getByLabel('Export file').setInputFiles({ name: 'gazette.xml', mimeType: 'text/xml', buffer: Buffer.from(wxr) });
  await page.getByRole('button', { name: 'Upload and check (dry run)' }).click();

  await expect(page.getByRole('heading', { name: 'Dry run: gazette.xml' })).toBeVisible();
  const report = page.getByRole('region', { name: 'Report' });
  await expect(report).toContainText('Dry run: nothing was written', { timeout: 60_000 });
  await expect(report).toContainText('post 105 "Deleted story": in the trash');
  await expect(report).toContainText('a pingback, not a comment');
  // Nothing is public yet: the old address leads nowhere.
  expect((await page.request.get('/2025/03/the-reservoir/')).status()).toBe(404);

  await page.getByRole('button', { name: 'Run the import' }).click();
  await expect(page.getByRole('heading', { name: 'Import: gazette.xml' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Report' })).toContainText('Import finished.', { timeout: 60_000 });
  // Next keeps the dry run's page hidden for the back button: look at what is shown.
  await expect(page.getByText('Done: 7 of 7 posts.').filter({ visible: true })).toBeVisible();

  // Old addresses answer a 301 to their new page.
  for (const [from, to] of [
    ['/2025/03/the-reservoir/', '/article/the-reservoir'],
    ['/?p=102', '/article/council-bridge'],
    ['/feed/', '/feed.xml'],
    ['/category/valley-news/', '/category/valley-news'],
    // A nested category's WordPress address names its parents too; its pages and feed follow it.
    ['/category/regional/valley-news/', '/category/valley-news'],
    ['/category/regional/valley-news/page/2/', '/category/valley-news/page/2'],
    ['/category/regional/valley-news/feed/', '/category/valley-news/feed.xml'],
    ['/author/mhollis/', '/author/mhollis'],
  ]) {
    const res = await page.request.get(from, { maxRedirects: 0 });
    expect(res.status(), from).toBe(301);
    expect(new URL(res.headers().location, 'http://x').pathname + new URL(res.headers().location, 'http://x').search, from).toBe(to);
  }

  const nested = await page.goto('/category/regional/valley-news/');
  expect(nested?.status()).toBe(200);
  await expect(page).toHaveURL(/\/category\/valley-news$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Valley News' })).toBeVisible();

  // The article, as readers see it: body structure, byline, comments with their thread.
  await page.goto('/2025/03/the-reservoir/');
  await expect(page).toHaveURL(/\/article\/the-reservoir$/);
  await expect(page.getByRole('heading', { level: 1, name: 'The reservoir at the end of the valley' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'What the district says' })).toBeVisible();
  await expect(page.locator('a[rel="author"]', { hasText: 'Marta Hollis' })).toBeVisible();
  const tom = page.getByRole('article', { name: 'Comment by Tom Bristow' }).filter({ hasText: 'four generations' });
  await expect(tom).toBeVisible();
  await expect(
    page
      .getByRole('list', { name: 'Replies to Tom Bristow' })
      .getByRole('article', { name: 'Comment by Ruth Alvarez' })
      .filter({ hasText: 'the minutes' }),
  ).toBeVisible();
  await expect(page.getByText('Buy now')).toHaveCount(0);

  // A post without an excerpt describes itself with its first paragraph, under the site's name.
  await page.goto('/article/council-bridge');
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute(
    'content',
    'The council voted 5 to 2 to repair the old bridge.',
  );
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', 'The council voted 5 to 2 to repair the old bridge.');
  await expect(page.locator('meta[property="og:site_name"]')).toHaveAttribute('content', 'Broadsheet');

  // Search and its section's feed carry it (the site feed holds the newest stories; this one is from 2025);
  // its author was invited by mail.
  await page.goto('/search?q=reservoir');
  await expect(page.getByRole('link', { name: 'The reservoir at the end of the valley' })).toBeVisible();
  expect(await (await page.request.get('/category/valley-news/feed.xml')).text()).toContain('The reservoir at the end of the valley');
  await waitForMail('marta.hollis@old-gazette.example', /Your author account/);

  // Then its Disqus comments, onto the article their old URL now leads to.
  await importFixture(page, 'Disqus comments (.xml)', 'disqus.xml', 'text/xml', 'Dry run: nothing was written');
  await page.goto('/article/the-reservoir');
  await expect(page.getByRole('article', { name: 'Comment by Nora Vance' })).toContainText('water first');
  await expect(
    page.getByRole('list', { name: 'Replies to Nora Vance' }).getByRole('article', { name: 'Comment by Pat Quinn' }),
  ).toBeVisible();

  // And its GiveWP donations: the campaign's bar shows what the old site had received.
  await importFixture(page, 'GiveWP donations (.csv)', 'givewp-donations.csv', 'text/csv', 'donation 9005');
  await page.goto('/support/keep-the-gazette-free');
  await expect(page.getByRole('progressbar').first()).toHaveAttribute('aria-valuetext', /\$1,275\.50 received/);
});

test('editors cannot import', async ({ page }) => {
  await signIn(page, DEMO.editor.email, DEMO.editor.password, '/admin/import');
  await expect(page.getByRole('heading', { name: 'Import an archive' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
  const res = await page.request.post('/admin/import/upload', {
    headers: { origin: new URL(page.url()).origin, accept: 'application/json' },
    multipart: { file: { name: 'x.xml', mimeType: 'text/xml', buffer: Buffer.from(wxr) } },
  });
  expect(res.status()).toBe(403);
});
