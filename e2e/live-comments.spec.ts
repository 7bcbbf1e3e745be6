/**
 * Live threads (issue #23): readers' pages get new comments, removals and nothing held from the article's event
 * stream alone. Two anonymous readers and a signed-in poster on one article; each reader's page records what
 * its EventSource receives (an init script wraps it) and every request it makes.
 */
import { expect, test, type Page } from './support/fixtures';
import { DEMO, RESERVED, stamp } from './support/accounts';
import { commentForm, submitComment } from './support/pages/comments';

const SLUG = 'a-bus-route-a-hospital-and-a-two-hour-commute';

type Reader = { page: Page; requests: string[] };

/** An anonymous reader on the article, its stream open, logging its requests and the stream's messages. */
async function openReader(asUser: (email: string | null) => Promise<Page>): Promise<Reader> {
  const page = await asUser(null);
  await page.addInitScript(() => {
    const w = window as unknown as { __live: string[]; __liveOpen: number };
    w.__live = [];
    w.__liveOpen = 0;
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('open', () => w.__liveOpen++);
        for (const type of ['comment', 'update', 'delete', 'remove', 'gap'])
          this.addEventListener(type, (e) => w.__live.push(`${type} ${(e as MessageEvent).data}`));
      }
    };
  });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  await page.goto(`/article/${SLUG}`);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __liveOpen: number }).__liveOpen)).toBeGreaterThan(0);
  return { page, requests };
}

const received = (r: Reader) => r.page.evaluate(() => (window as unknown as { __live: string[] }).__live.join('\n'));
const liveItem = (r: Reader, text: string) => r.page.locator('li[data-comment-id]').filter({ hasText: text });

/** Posts a top-level comment as the poster; resolves when the server has answered the post. */
async function post(poster: Page, body: string) {
  await poster.goto(`/article/${SLUG}`);
  const form = commentForm(poster);
  await form.getByLabel('Your comment', { exact: true }).fill(body);
  await submitComment(poster, form, 'Post comment');
}

test.describe('live comments', () => {
  test.setTimeout(180_000);

  test('two readers get a new comment in place within a second, from the stream alone; a moderator removal leaves both; a held comment reaches neither', async ({
    asUser,
    clock,
  }) => {
    const [a, b] = [await openReader(asUser), await openReader(asUser)];
    const poster = await asUser(RESERVED.live, { next: `/article/${SLUG}` });
    const id = stamp();

    // A held comment (a suspect word) first: it must never reach the readers.
    const held = `Honestly this looks like a scam ${id}`;
    await poster.goto(`/article/${SLUG}`);
    const form = commentForm(poster);
    await form.getByLabel('Your comment', { exact: true }).fill(held);
    await submitComment(poster, form, 'Post comment');
    await expect(form.getByRole('status')).toContainText(/held for review/i);

    // Past the poster's posting interval (the server's clock, not a wait).
    await clock.advance(20_000);
    const before = [a.requests.length, b.requests.length];
    const text = `Live from the stream ${id}`;
    await poster.goto(`/article/${SLUG}`);
    const form2 = commentForm(poster);
    await form2.getByLabel('Your comment', { exact: true }).fill(text);
    const saved = poster.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/article/${SLUG}`));
    await form2.getByRole('button', { name: 'Post comment' }).click();
    await saved;
    const savedAt = Date.now();
    // Within a second of the post's answer, on both pages, at the top of the thread, marked New.
    for (const r of [a, b]) {
      const item = r.page.getByRole('list', { name: 'New comments' }).locator(':scope > li').filter({ hasText: text });
      await expect(item).toBeVisible({ timeout: Math.max(1, 1000 - (Date.now() - savedAt)) });
      await expect(item.locator(':scope > article').getByText('New', { exact: true })).toBeVisible();
      await expect(item.locator(':scope > article').getByRole('button', { name: 'Reply' })).toBeVisible();
    }
    // Nothing asked of the server but the stream already open: no action, no page, no fetch.
    expect(a.requests.slice(before[0])).toEqual([]);
    expect(b.requests.slice(before[1])).toEqual([]);
    // The held comment came before it on the stream, had it been sent at all.
    for (const r of [a, b]) {
      expect(await received(r)).toContain(text);
      expect(await received(r)).not.toContain(held);
      await expect(r.page.getByText(held)).toHaveCount(0);
    }

    // A moderator trashes it: gone from both pages, without a reload.
    const commentId = await liveItem(a, text).getAttribute('data-comment-id');
    const mod = await asUser(DEMO.moderator.email, { next: '/admin/comments?tab=approved' });
    await mod.goto(`/admin/comments?tab=approved`);
    const card = mod.locator(`article[aria-labelledby="c-${commentId}-title"]`);
    await card.getByRole('button', { name: 'Trash' }).click();
    for (const r of [a, b]) await expect(liveItem(r, text)).toHaveCount(0, { timeout: 10_000 });
    for (const r of [a, b]) expect(await received(r)).toContain(`remove {"id":${commentId}}`);
  });

  test('a reader whose connection drops while two comments are posted gets both when it reconnects', async ({ asUser, request }) => {
    const reader = await openReader(asUser);
    const poster = await asUser(RESERVED.live, { next: `/article/${SLUG}` });
    const id = stamp();
    // One comment while connected: the stream's event id is where the reader resumes from.
    await post(poster, `Before the drop ${id}`);
    await expect(liveItem(reader, `Before the drop ${id}`)).toBeVisible({ timeout: 10_000 });

    // The connection drops (the server ends it, as a network failure would) and stays down: the reader is offline.
    await reader.page.context().setOffline(true);
    expect((await request.post('/api/test/live-streams')).ok()).toBe(true);
    await post(poster, `Missed one ${id}`);
    await post(poster, `Missed two ${id}`);
    await expect(liveItem(reader, `Missed one ${id}`)).toHaveCount(0);
    await reader.page.context().setOffline(false);
    // EventSource reconnects by itself (retry: 5 s) with Last-Event-ID; the server replays what it missed.
    await expect(liveItem(reader, `Missed one ${id}`)).toBeVisible({ timeout: 30_000 });
    await expect(liveItem(reader, `Missed two ${id}`)).toBeVisible();
    const opened = await reader.page.evaluate(() => (window as unknown as { __liveOpen: number }).__liveOpen);
    expect(opened).toBeGreaterThan(1);
    // Once each, in the order they were posted, newest at the top.
    const list = reader.page.getByRole('list', { name: 'New comments' }).locator(':scope > li');
    await expect(list.filter({ hasText: id })).toHaveText([
      new RegExp(`Missed two ${id}`),
      new RegExp(`Missed one ${id}`),
      new RegExp(`Before the drop ${id}`),
    ]);
  });
  test('a comment already on the page when it was loaded: an edit updates it and a removal takes it away on both pages', async ({
    asUser,
    clock,
  }) => {
    const poster = await asUser(RESERVED.live, { next: `/article/${SLUG}` });
    const id = stamp();
    await clock.advance(20_000);
    await post(poster, `Already there ${id}`);
    const [a, b] = [await openReader(asUser), await openReader(asUser)];
    for (const r of [a, b]) await expect(liveItem(r, `Already there ${id}`)).toBeVisible();
    const commentId = await liveItem(a, `Already there ${id}`).getAttribute('data-comment-id');

    // The author edits it: the new text replaces the old one in place.
    const before = [a.requests.length, b.requests.length];
    await poster.goto(`/article/${SLUG}`);
    const mine = poster.locator(`#comment-${commentId} > article`);
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mine.getByLabel('Edit your comment').fill(`Already there, corrected ${id}`);
    await mine.getByRole('button', { name: 'Save edit' }).click();
    for (const r of [a, b])
      await expect(r.page.locator(`#comment-${commentId} .prose-comment`)).toHaveText(`Already there, corrected ${id}`);

    const mod = await asUser(DEMO.moderator.email, { next: '/admin/comments?tab=approved' });
    await mod.goto('/admin/comments?tab=approved');
    await mod.locator(`article[aria-labelledby="c-${commentId}-title"]`).getByRole('button', { name: 'Spam' }).click();
    for (const r of [a, b]) await expect(r.page.locator(`#comment-${commentId}`)).toBeHidden({ timeout: 10_000 });
    // Both changes came with the stream alone.
    expect(a.requests.slice(before[0])).toEqual([]);
    expect(b.requests.slice(before[1])).toEqual([]);
  });
});
