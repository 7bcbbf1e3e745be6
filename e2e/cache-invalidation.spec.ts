import { expect, test, type APIRequestContext, type APIResponse, type Page } from './support/fixtures';
import { HUNDRED_SLUG } from '../db/seed/fixtures';
import { DEMO, RESERVED, stamp } from './support/accounts';
import { scheduleArticle } from './support/pages/article-editor';
import { commentBy, commentForm, submitComment } from './support/pages/comments';
import { signIn } from './support/pages/signin';

/**
 * How a write reaches the cached pages (lib/cache-invalidate.ts), each way Next allows: inside a server action
 * through updateTag, inside a route handler through revalidateTag, and from the publish job's own timer (no
 * request at all) straight into the cache handlers' tag state. Each time, the next anonymous request gets the
 * change; /api/health (DB_QUERY_STATS=1) counts which way each invalidation went.
 *
 * And what a cache in front is told: a cached public page names the tags it was built from in `Surrogate-Key`,
 * on its first answer (a MISS, rendered for that request) as on every HIT after.
 *
 * @solo: the counts are the server's, and the test moves the server's clock.
 */
type Ways = { action: number; route: number; direct: number; directByTag: Record<string, number> };

async function ways(request: APIRequestContext): Promise<Ways> {
  const res = await request.get('/api/health');
  return ((await res.json()) as { invalidations: Ways }).invalidations;
}

/** The keys a response names for a cache in front; soft tags (`_N_T_…`, Next’s own) only ever appear hashed (docs/edge.md). */
function surrogateKeys(res: APIResponse): string[] {
  const keys = (res.headers()['surrogate-key'] ?? '').split(' ').filter(Boolean);
  expect(keys.filter((k) => k.startsWith('_N_T_'))).toEqual([]);
  return keys;
}

/** Schedules a new article at `at` through the editor; returns its slug and title. */
async function schedule(editor: Page, title: string, at: Date): Promise<{ slug: string; title: string }> {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const article = { title, slug, standfirst: 'A line for the listings.', text: 'Published by the job, not by hand.', section: 'Science' };
  await scheduleArticle(editor, { ...article, at });
  return { slug, title };
}

test.describe('cache invalidation', { tag: '@solo' }, () => {
  test.describe.configure({ mode: 'serial' });

  test.afterAll(async ({ clock }) => {
    await clock.set(null, false);
  });

  test('a comment posted through a server action (updateTag) is on the next anonymous page, which names its tags', async ({
    asUser,
    request,
  }) => {
    const path = `/article/${HUNDRED_SLUG}`;
    await expect.poll(async () => (await request.get(path)).headers()['x-nextjs-cache'], { timeout: 20_000 }).toBe('HIT');
    const cached = await request.get(path);
    const keys = surrogateKeys(cached);
    expect(keys).toEqual(expect.arrayContaining([`article-slug:${HUNDRED_SLUG}`, 'settings']));
    const commentsTag = keys.find((k) => k.startsWith('comments:'));
    expect(commentsTag, 'the thread is one of the page’s tags').toBeTruthy();

    const before = await ways(request);
    const reader = await asUser(RESERVED.cache, { next: path });
    const text = `Read from cache ${stamp()}`;
    await reader.goto(path);
    const form = commentForm(reader);
    await form.getByLabel('Your comment', { exact: true }).fill(text);
    await submitComment(reader, form, 'Post comment');
    await expect(commentBy(reader, text)).toBeVisible();
    const after = await ways(request);
    expect(after.action, 'invalidated inside the action').toBeGreaterThan(before.action);
    // The publish job may expire other articles' tags on its own timer meanwhile; never this thread's.
    for (const tag of [commentsTag!, `article-slug:${HUNDRED_SLUG}`]) {
      expect(after.directByTag[tag] ?? 0, `${tag}: nothing went around Next`).toBe(before.directByTag[tag] ?? 0);
    }

    const fresh = await request.get(path);
    expect(fresh.headers()['x-nextjs-cache']).toBe('MISS');
    expect(await fresh.text()).toContain(text);
    // Rendered for this very request, the page already names its tags, as its later HITs do.
    expect(surrogateKeys(fresh)).toEqual(expect.arrayContaining([`article-slug:${HUNDRED_SLUG}`, commentsTag!]));
    const hit = await request.get(path);
    expect(hit.headers()['x-nextjs-cache']).toBe('HIT');
    expect(surrogateKeys(hit).sort()).toEqual(surrogateKeys(fresh).sort());
  });

  test('articles published by a route handler (revalidateTag) and by the job’s own timer (no request) are on the next pages', async ({
    browser,
    clock,
    request,
  }) => {
    test.setTimeout(240_000);
    await clock.set(null, false);
    const at = new Date(Math.floor((Date.now() + 5 * 60_000) / 60_000) * 60_000);
    const context = await browser.newContext();
    const editor = await context.newPage();
    await signIn(editor, DEMO.editor.email, DEMO.editor.password, '/admin/articles/new');
    const id = stamp();
    const byRoute = await schedule(editor, `Harbour lights relit ${id}`, at);
    const byTimer = await schedule(editor, `Harbour bells recast ${id}`, new Date(at.getTime() + 60_000));
    await context.close();
    // Asked for early, so each has a cached "not found" to clear.
    for (const a of [byRoute, byTimer]) {
      await expect.poll(async () => (await request.get(`/article/${a.slug}`)).headers()['x-nextjs-cache']).toBe('HIT');
      expect((await request.get(`/article/${a.slug}`)).status()).toBe(404);
    }

    // The e2e clock route moves the clock and runs one tick of the job inside its own request.
    let before = await ways(request);
    const tick = await clock.set(new Date(at.getTime() + 1000));
    expect(tick.published.map((a) => a.slug)).toEqual([byRoute.slug]);
    expect((await ways(request)).route).toBeGreaterThan(before.route);
    const published = await request.get(`/article/${byRoute.slug}`);
    expect(published.status()).toBe(200);
    expect(await published.text()).toContain(byRoute.title);
    expect(surrogateKeys(published)).toContain(`article-slug:${byRoute.slug}`);

    // Past the second one's time without a tick: the job's own timer (at most 10 s away) publishes it.
    before = await ways(request);
    await clock.set(new Date(at.getTime() + 61_000), false);
    await expect
      .poll(async () => (await request.get(`/article/${byTimer.slug}`)).status(), { timeout: 30_000, message: 'published by the timer' })
      .toBe(200);
    const after = await ways(request);
    expect(after.direct, 'the timer went straight to the cache handlers').toBeGreaterThan(before.direct);
    expect(after.route).toBe(before.route);
    expect(await (await request.get('/archive')).text()).toContain(byTimer.title);
  });
});
