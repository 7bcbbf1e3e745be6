import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from './support/fixtures';
import { DEMO } from './support/accounts';
import { askReaders, field, localInput, selectInText, textBox, writeText } from './support/pages/article-editor';
import { signIn } from './support/pages/signin';
import { SEARCH_SLUG } from '../db/seed/fixtures';

/**
 * The newsroom's article journey: an author drafts with an image and a feedback point and submits; an
 * editor schedules it a minute ahead; it appears on the front page by itself; an admin sees the writes
 * in the audit log. Plus the refusals (bad uploads, duplicate slug, empty title, past schedule), the
 * concurrent-save conflict, access control and the 375 px layout.
 */

const stamp = Date.now().toString(36);
const TITLE = `Harbour lights return ${stamp}`;
/** The cover the first journey uploads (unique per run: a retry uploads it again). */
const LAMPS = `Lamps along the breakwater at dusk ${stamp}`;
const PASSAGE = 'Every boat came home before the storm.';
const BODY = `The harbour lights were switched on again at dusk.\n\n${PASSAGE}\n\nThe harbour master said the new lamps use a fraction of the power.`;

let tmp: string;
let png: string;
let textAsPng: string;
let huge: string;
let articleId = '';

test.beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-admin-'));
  png = path.join(tmp, 'harbour.png');
  await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 20, g: 60, b: 120 } } })
    .png()
    .toFile(png);
  textAsPng = path.join(tmp, 'notes.png');
  fs.writeFileSync(textAsPng, 'These are my notes, not a picture.\n');
  huge = path.join(tmp, 'huge.jpg');
  fs.writeFileSync(huge, Buffer.alloc(20 * 1024 * 1024, 1));
});

test.afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The datetime-local value `ms` from now (the browser's time zone, minutes precision). */
const localInputFromNow = (page: Parameters<typeof localInput>[0], ms: number) => localInput(page, new Date(Date.now() + ms));

test.describe.configure({ mode: 'serial' });

test('anonymous visitors are sent to sign in, readers get a 403 page', async ({ page, browser, asUser }) => {
  // Real HTTP statuses: a redirect for anonymous visitors, 403 for a signed-in reader (below).
  const anon = await page.request.get('/admin/articles', { maxRedirects: 0, headers: { accept: 'text/html' } });
  expect(anon.status()).toBe(307);
  expect(anon.headers()['location']).toMatch(/\/signin\?next=%2Fadmin%2Farticles$/);
  await page.goto('/admin/articles');
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Farticles/);

  // Without JavaScript too (a meta refresh), keeping the query string.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto('/admin/audit?actor=someone');
  await expect(plain).toHaveURL(/\/signin\?next=%2Fadmin%2Faudit%3Factor%3Dsomeone/);
  await noJs.close();

  const reader = await asUser(DEMO.reader.email, { next: '/' });
  expect((await reader.goto('/admin'))?.status()).toBe(403);
  await expect(reader.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
  await reader.goto('/admin/articles/new');
  await expect(reader.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
  await expect(field(reader, 'Title')).toHaveCount(0);
  await reader.context().close();
});

// @solo: it moves the server's clock a minute ahead and back, which a comment or an article written by a test running
// alongside would read (a publication time or a posting interval a minute off).
test(
  'an author drafts with an image and a feedback point, an editor schedules it, it goes live by itself',
  { tag: '@solo' },
  async ({ asUser, clock, request }) => {
    test.setTimeout(300_000);
    const author = await asUser(DEMO.author.email, { next: '/admin' });
    // Only the links an author can use.
    const nav = author.getByRole('navigation', { name: 'Newsroom' });
    await expect(nav.getByRole('link', { name: 'Articles' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);

    await author.goto('/admin/articles/new');
    await field(author, 'Title').fill(TITLE);
    await field(author, 'Standfirst').fill('After two dark winters, the lamps on the breakwater are back.');
    await writeText(author, BODY);
    // The live preview renders the text on the server.
    await expect(author.getByRole('region', { name: 'What readers will see' }).getByText(PASSAGE)).toBeVisible();

    // Bad uploads: a text file named .png, then a file far over the size limit.
    await field(author, 'Upload an image').setInputFiles(textAsPng);
    await author.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(author.getByRole('alert').filter({ hasText: 'not an image we can read' })).toBeVisible();
    await field(author, 'Upload an image').setInputFiles(huge);
    await author.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(author.getByRole('alert').filter({ hasText: 'at most 10 MB' })).toBeVisible();

    // A real PNG: re-encoded to WebP and chosen as the cover.
    await field(author, 'Upload an image').setInputFiles(png);
    await field(author, 'Image description').fill(LAMPS);
    await author.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(author.getByRole('status').filter({ hasText: 'Uploaded and chosen as the cover' })).toBeVisible();
    await expect(author.getByRole('radio', { name: LAMPS })).toBeChecked();

    await askReaders(author, PASSAGE, 'Did your boat make it home in time?');
    await expect(field(author, 'Feedback question 1')).toHaveValue('Did your boat make it home in time?');
    await author.getByRole('button', { name: 'Submit for review' }).click();
    await expect(author).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=submitted/);
    await expect(author.getByRole('status').filter({ hasText: 'submitted for review' })).toBeVisible();
    articleId = new URL(author.url()).pathname.split('/').pop()!;
    // The new-article page the author came from may still be in the DOM, hidden (Next keeps visited routes).
    await expect(author.getByText(`Feedback passage 1: “${PASSAGE}”`).filter({ visible: true })).toBeVisible();
    const cover = await author.locator('form:visible input[name="coverImage"]').inputValue();
    expect(cover).toMatch(/^\/media\/uploads\/.+\.webp$/);
    const img = await request.get(cover);
    expect(img.status()).toBe(200);
    expect(img.headers()['content-type']).toBe('image/webp');

    // Not public while it is a draft.
    expect(await (await request.get('/')).text()).not.toContain(TITLE);

    // An empty title and a duplicate slug are refused, and the text is kept.
    await author.goto('/admin/articles/new');
    await writeText(author, 'A second piece, still untitled.');
    await author.getByRole('button', { name: 'Create draft' }).click();
    await expect(author.getByRole('alert').filter({ hasText: 'Give the article a title' })).toBeVisible();
    await expect(textBox(author)).toHaveText('A second piece, still untitled.');
    await field(author, 'Title').fill(`Second piece ${stamp}`);
    await field(author, 'Slug').fill(SEARCH_SLUG);
    await author.getByRole('button', { name: 'Create draft' }).click();
    await expect(author.getByRole('alert').filter({ hasText: 'already used' })).toBeVisible();
    await expect(field(author, 'Slug')).toHaveAttribute('aria-invalid', 'true');
    await expect(textBox(author)).toHaveText('A second piece, still untitled.');
    await expect(field(author, 'Title')).toHaveValue(`Second piece ${stamp}`);
    await author.context().close();

    // The editor finds it, refuses a past date, then schedules it about a minute ahead.
    const editor = await asUser(DEMO.editor.email, { next: '/admin' });
    await editor.goto(`/admin/articles?q=${encodeURIComponent(TITLE)}`);
    await editor.getByRole('link', { name: TITLE }).click();
    await expect(field(editor, 'Title')).toHaveValue(TITLE);
    await field(editor, 'Status').selectOption('scheduled');
    await field(editor, 'Publish at').fill(await localInputFromNow(editor, -2 * 3600_000));
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(editor.getByRole('alert').filter({ hasText: 'in the past' })).toBeVisible();
    for (const line of BODY.split('\n').filter(Boolean)) await expect(textBox(editor).getByText(line, { exact: true })).toBeVisible();

    // Floor to the minute: between 10 and 70 seconds from now, by a server clock back on system time (tests that
    // ran before may have moved it forward past a posting interval; this one runs alone).
    await clock.set(null, false);
    const publishAt = Math.floor((Date.now() + 70_000) / 60_000) * 60_000;
    await field(editor, 'Publish at').fill(await localInputFromNow(editor, 70_000));
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(editor.getByRole('status').filter({ hasText: 'Saved and scheduled' })).toBeVisible();
    expect(await (await request.get('/')).text()).not.toContain(TITLE);

    // No cron, no further action: the front page shows it once its time has come. The server's clock is moved
    // to that time instead of waiting for it (no tick: the server's own publish job must notice, within 10 s).
    await clock.set(new Date(publishAt + 1000), false);
    try {
      await expect
        .poll(async () => (await (await request.get('/')).text()).includes(TITLE), {
          timeout: 150_000,
          intervals: [1_000],
        })
        .toBe(true);
    } finally {
      await clock.set(null, false);
    }

    // The reader's page carries the feedback point's question.
    const live = await request.get(`/article/harbour-lights-return-${stamp}`);
    expect(live.status()).toBe(200);
    expect(await live.text()).toContain('Did your boat make it home in time?');

    // Renaming the slug keeps the old address working with a permanent redirect.
    await editor.reload();
    await field(editor, 'Slug').fill(`harbour-lights-back-${stamp}`);
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(editor.getByRole('status').filter({ hasText: /Saved/ })).toBeVisible();
    const old = await request.get(`/article/harbour-lights-return-${stamp}`, { maxRedirects: 0 });
    expect([301, 308]).toContain(old.status());
    expect(old.headers().location).toContain(`/article/harbour-lights-back-${stamp}`);
    await editor.context().close();

    // The admin sees who did what in the audit log.
    const admin = await asUser(DEMO.admin.email, { next: '/admin' });
    await admin.goto('/admin/audit');
    await field(admin, 'Entity type').selectOption('article');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await expect(admin).toHaveURL(/entityType=article/);
    await admin.goto(`/admin/audit?entityType=article&entityId=${articleId}`);
    const entries = admin.getByRole('listitem');
    await expect(entries.filter({ hasText: 'article.submit' }).filter({ hasText: '@maria-okafor' })).toHaveCount(1);
    await expect(entries.filter({ hasText: 'article.schedule' }).filter({ hasText: '@tomas-reyes' })).toHaveCount(1);
    await admin.goto('/admin/audit?actor=maria-okafor&entityType=media');
    await expect(admin.getByRole('listitem').filter({ hasText: 'media.upload' }).first()).toBeVisible();
    await admin.context().close();
  },
);

test('two editors saving the same article: the second sees a conflict and keeps their text', async ({ browser }) => {
  const context = await browser.newContext();
  const one = await context.newPage();
  await signIn(one, DEMO.editor.email, DEMO.editor.password, '/admin/articles/new');
  await field(one, 'Title').fill(`Conflict test ${stamp}`);
  await writeText(one, 'The original paragraph.');
  await one.getByRole('button', { name: 'Create draft' }).click();
  await expect(one).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/);
  const url = one.url().split('?')[0];

  const two = await context.newPage();
  await two.goto(url);
  await one.goto(url);

  await writeText(one, 'The paragraph, as the first editor rewrote it.');
  await one.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(one.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await writeText(two, 'The paragraph, as the second editor rewrote it.');
  await two.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(two.getByRole('alert').filter({ hasText: 'Someone else saved this article' })).toBeVisible();
  const conflict = two.getByRole('region', { name: 'Edit conflict' });
  await expect(conflict.getByText('The paragraph, as the first editor rewrote it.')).toBeVisible();
  await expect(textBox(two)).toHaveText('The paragraph, as the second editor rewrote it.');

  await two.getByRole('button', { name: 'Overwrite with my version' }).click();
  await expect(two.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await two.reload();
  await expect(textBox(two)).toHaveText('The paragraph, as the second editor rewrote it.');

  // Both versions are in the history, with a diff.
  await two.goto(`${url}/revisions`);
  await expect(two.locator('del').filter({ hasText: 'first editor' })).toBeVisible();
  await expect(two.locator('ins').filter({ hasText: 'second editor' })).toBeVisible();
  await context.close();
});

test('an open draft autosaves after about ten seconds', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The browser's clock is Playwright's: the ten seconds pass at once (fastForward), not on the wall clock.
  await page.clock.install();
  await signIn(page, DEMO.author.email, DEMO.author.password, '/admin/articles/new');
  await field(page, 'Title').fill(`Autosave test ${stamp}`);
  await writeText(page, 'Before autosave.');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/saved=created/);
  await writeText(page, 'Typed, never saved by hand.');
  await page.clock.fastForward(10_000);
  await expect(page.getByText(/Draft autosaved at/)).toBeVisible({ timeout: 25_000 });
  await page.reload();
  await expect(textBox(page)).toHaveText('Typed, never saved by hand.');
  await context.close();
});

test('the newsroom works at 375 px without horizontal scrolling', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await signIn(page, DEMO.editor.email, DEMO.editor.password, '/admin');
  for (const path of ['/admin', '/admin/articles', '/admin/articles/new', '/admin/media', '/admin/taxonomy']) {
    await page.goto(path);
    await expect(page.getByRole('navigation', { name: 'Newsroom' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  // Keyboard: the first newsroom link is reachable with Tab.
  await page.goto('/admin/articles/new');
  await field(page, 'Title').focus();
  await page.keyboard.type('Typed by keyboard');
  await expect(field(page, 'Title')).toHaveValue('Typed by keyboard');
  await context.close();
});

// @solo as well: it inserts from the library the photo the @solo journey above uploaded (solo tests run in file order).
test(
  'an editor writes a rich article: heading, quote, link, library and uploaded images, a feedback passage; readers, search and the feed get it',
  { tag: '@solo' },
  async ({ asUser, request }) => {
    test.setTimeout(180_000);
    const title = `Herons return to the estuary ${stamp}`;
    const word = `heronry${stamp}`;
    // The library holds the photo the author uploaded in the first journey (it ran just before, in the solo project).
    const libraryAlt = LAMPS;
    const editor = await asUser(DEMO.editor.email, { next: '/admin/articles/new' });

    await editor.goto('/admin/articles/new');
    await field(editor, 'Title').fill(title);
    const toolbar = editor.getByRole('toolbar', { name: 'Formatting' });
    // Markdown shortcuts while typing: "## " makes a heading.
    await writeText(
      editor,
      `## What the survey found\nThe ${word} survey counted 412 herons along the estuary this spring.\nNobody expected numbers like these.`,
    );
    await expect(textBox(editor).getByRole('heading', { level: 2, name: 'What the survey found' })).toBeVisible();
    // The toolbar: the last paragraph becomes a quote; the button says it is on.
    await toolbar.getByRole('button', { name: 'Quote', exact: true }).click();
    await expect(toolbar.getByRole('button', { name: 'Quote', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(textBox(editor).locator('blockquote')).toHaveText('Nobody expected numbers like these.');
    await editor.keyboard.press('Enter');
    await toolbar.getByRole('button', { name: 'Quote', exact: true }).click();
    await expect(toolbar.getByRole('button', { name: 'Quote', exact: true })).toHaveAttribute('aria-pressed', 'false');
    await editor.keyboard.type('Read the full report online.');
    await selectInText(editor, 'full report');
    await toolbar.getByRole('button', { name: 'Link', exact: true }).click();
    await field(editor, 'Link address').fill('https://example.org/heron-report');
    await editor.getByRole('button', { name: 'Apply link' }).click();
    await expect(textBox(editor).getByRole('link', { name: 'full report' })).toHaveAttribute('href', 'https://example.org/heron-report');

    // An image from the library, with alt text and a caption.
    await textBox(editor).press('ControlOrMeta+End');
    await toolbar.getByRole('button', { name: 'Image', exact: true }).click();
    const images = editor.getByRole('group', { name: 'Insert image' });
    await images.getByLabel('Caption').fill('The reed beds where most nests were found.');
    await images.getByRole('button', { name: `Insert ${libraryAlt}` }).click();
    await expect(textBox(editor).locator('figure img')).toHaveCount(1);
    // And one uploaded in place.
    await toolbar.getByRole('button', { name: 'Image', exact: true }).click();
    await images.getByLabel('Alt text').fill(`A heron in flight ${stamp}`);
    await images.getByLabel('Upload and insert an image').setInputFiles(png);
    await expect(textBox(editor).locator('figure img')).toHaveCount(2);

    // A feedback passage, marked by selecting it.
    await askReaders(editor, '412 herons along the estuary', 'Have you seen the herons this year?');
    await expect(editor.getByText('Feedback passage 1: “412 herons along the estuary”')).toBeVisible();

    // Word count, reading time and what readers will see, beside the text.
    await expect(editor.getByText(/\d+ words · 1 min read/)).toBeVisible();
    const preview = editor.getByRole('region', { name: 'What readers will see' });
    await expect(preview.getByRole('heading', { name: 'What the survey found' })).toBeVisible();
    await expect(preview.locator('img[srcset]')).toHaveCount(2);

    await field(editor, 'Status').selectOption('published');
    await editor.getByRole('button', { name: 'Create draft' }).click();
    await expect(editor).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/);
    // Reopened, the editor shows the saved rich text.
    await expect(textBox(editor).getByRole('heading', { name: 'What the survey found' })).toBeVisible();
    await editor.context().close();

    // The public page shows each element.
    const slug = `herons-return-to-the-estuary-${stamp}`;
    const reader = await asUser(null);
    await reader.goto(`/article/${slug}`);
    const body = reader.locator('[data-article-body]');
    await expect(body.getByRole('heading', { level: 2, name: 'What the survey found' })).toBeVisible();
    await expect(body.locator('blockquote')).toHaveText('Nobody expected numbers like these.');
    await expect(body.getByRole('link', { name: 'full report' })).toHaveAttribute('href', 'https://example.org/heron-report');
    await expect(body.getByRole('img', { name: libraryAlt })).toHaveAttribute('srcset', /320w.*640w.*900w/);
    await expect(body.locator('figcaption')).toHaveText('The reed beds where most nests were found.');
    await expect(body.getByRole('img', { name: `A heron in flight ${stamp}` })).toHaveAttribute('srcset', /320w.*640w.*900w/);
    await expect(body.locator('mark.feedback-passage')).toHaveText('412 herons along the estuary');
    await expect(reader.getByText('Have you seen the herons this year?').first()).toBeVisible();
    await reader.context().close();

    // Search finds a word from the text; the feed carries it.
    const search = await (await request.get(`/search?q=${word}`)).text();
    expect(search).toContain(title);
    const feed = await (await request.get('/feed.xml')).text();
    expect(feed).toContain(title);
    expect(feed).toContain('412 herons');
  },
);

test('the save bar never covers the text, at 1280 px and at 375 px', async ({ browser }) => {
  test.setTimeout(150_000);
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: 600 } });
    const page = await context.newPage();
    await signIn(page, DEMO.editor.email, DEMO.editor.password, '/admin/articles/new');
    await writeText(page, Array.from({ length: 16 }, (_, i) => `Paragraph ${i + 1} of a long article.`).join('\n'));
    // Scroll so the end of the text sits at the bottom of the window, then compare it with the save bar.
    await textBox(page).getByText('Paragraph 16 of a long article.').scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      const box = document.querySelector('[role="textbox"][aria-label="Article text"]')!.getBoundingClientRect();
      window.scrollBy(0, box.bottom - window.innerHeight + 4);
    });
    const text = (await textBox(page).boundingBox())!;
    const bar = (await page.getByTestId('save-bar').boundingBox())!;
    expect(bar.y, `at ${width} px the save bar overlaps the text`).toBeGreaterThanOrEqual(text.y + text.height);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  }
});
