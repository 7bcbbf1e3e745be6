import { expect, test, type APIRequestContext } from './support/fixtures';
import { DEMO } from './support/accounts';
import { field, scheduleArticle, writeText } from './support/pages/article-editor';
import { signIn } from './support/pages/signin';

/**
 * Scheduled publishing is exact: an editor schedules an article a few minutes ahead; a reader who asks
 * for it early gets a 404 and the listings and feeds don't show it; a write 25 s before its time breaks
 * nothing; once the server's clock (lib/clock.ts, moved through the e2e-only /api/test/publishing route)
 * passes its time and the publish job ticks, the very next requests show it everywhere: no 404 window,
 * no 500 at any step.
 */

const stamp = Date.now().toString(36);
const TITLE = `Night ferry timetable restored ${stamp}`;
const SLUG = `night-ferry-timetable-${stamp}`;

/** Every public page and feed the article should reach, with its status and whether it shows the article. */
async function readAll(request: APIRequestContext) {
  const paths = [
    '/',
    '/archive',
    '/category/science',
    `/article/${SLUG}`,
    '/feed.xml',
    '/atom.xml',
    '/category/science/feed.xml',
    '/sitemap.xml',
  ];
  const out: Record<string, { status: number; shows: boolean }> = {};
  for (const p of paths) {
    const res = await request.get(p, { maxRedirects: 0 });
    const body = await res.text();
    // The sitemap lists addresses only; everything else names the article by its title.
    out[p] = { status: res.status(), shows: p === '/sitemap.xml' ? body.includes(`/article/${SLUG}</loc>`) : body.includes(TITLE) };
  }
  return out;
}

function expectNo500(pages: Record<string, { status: number }>) {
  const failed = Object.entries(pages)
    .filter(([, r]) => r.status >= 500)
    .map(([p, r]) => `${p} ${r.status}`);
  expect(failed).toEqual([]);
}

test.describe.configure({ mode: 'serial' });
// @solo (below): the test sets the server's clock minutes ahead and back, which writes of tests running alongside
// would read (an article "published" in the future, a posting interval minutes long).

test.afterAll(async ({ clock }) => {
  await clock.set(null, false);
});

test(
  'a scheduled article goes public at its time on its URL, listings and feeds, with no 404 or 500 window',
  { tag: '@solo' },
  async ({ browser, clock, request }) => {
    test.setTimeout(180_000);
    await clock.set(null, false);
    // Whole minutes (the editor's input), four to five minutes ahead.
    const at = new Date(Math.floor((Date.now() + 5 * 60_000) / 60_000) * 60_000);

    const context = await browser.newContext();
    const editor = await context.newPage();
    await signIn(editor, DEMO.editor.email, DEMO.editor.password, '/admin/articles/new');
    await scheduleArticle(editor, {
      title: TITLE,
      slug: SLUG,
      standfirst: 'The last crossing leaves at midnight again.',
      text: 'The night ferry returns to the timetable from Monday.',
      section: 'Science',
      at,
    });

    // Before its time: asked for early (so a "not found" is cached), absent from listings and feeds.
    const before = await readAll(request);
    expectNo500(before);
    expect(before[`/article/${SLUG}`].status).toBe(404);
    for (const [p, r] of Object.entries(before)) expect(r.shows, `${p} before its time`).toBe(false);

    // 25 seconds before: a tick publishes nothing, and a newsroom write (a new draft clears the article
    // cache) leaves every page answering.
    const early = await clock.set(new Date(at.getTime() - 25_000));
    expect(early.published.map((a) => a.slug)).not.toContain(SLUG);
    await editor.goto('/admin/articles/new');
    await field(editor, 'Title').fill(`Draft written just before ${stamp}`);
    await writeText(editor, 'Not for readers yet.');
    await editor.getByRole('button', { name: 'Create draft' }).click();
    await expect(editor).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/, { timeout: 30_000 });
    const justBefore = await readAll(request);
    expectNo500(justBefore);
    expect(justBefore[`/article/${SLUG}`].status).toBe(404);
    for (const [p, r] of Object.entries(justBefore)) expect(r.shows, `${p} 25 s before its time`).toBe(false);

    // Its time has come: one tick, and the very next requests show it everywhere (no polling, no window).
    await clock.set(new Date(at.getTime() + 1000));
    const after = await readAll(request);
    expectNo500(after);
    expect(after[`/article/${SLUG}`].status).toBe(200);
    for (const [p, r] of Object.entries(after)) expect(r.shows, `${p} after its time`).toBe(true);
    await editor.goto(`/article/${SLUG}`);
    await expect(editor.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await context.close();
  },
);
