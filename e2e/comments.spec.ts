import { expect, test } from './support/fixtures';
import { newUser, RESERVED, stamp } from './support/accounts';
import { commentBy, commentForm, ownArticle, respondPanel, scoreIn, submitComment } from './support/pages/comments';
import { linkIn, waitForMail } from './support/pages/mailbox';
import { signIn, signUp } from './support/pages/signin';
import { LONG_THREAD_SLUG, THOUSAND_SLUG } from '../db/seed/fixtures';

// Articles this spec writes on (none of them is asserted on by other specs' comment counts).
const MAIN_SLUG = 'library-hours-are-back-and-so-are-the-lines';
const MAIL_SLUG = 'counting-stars-from-a-rooftop-in-the-middle-of-the-city';
const INLINE_SLUG = 'the-murals-of-dock-street-explained';
const NOJS_SLUG = 'shakespeare-in-a-parking-garage';
const LIVE_SLUG = 'a-jazz-club-reopens-in-the-old-bank-vault';
// Readers no other spec signs in as, one per role (support/accounts.ts).
const WHO = RESERVED.comments;

test.describe('comments', () => {
  test.setTimeout(180_000);

  test('comment, reply three levels deep, edit, vote and change the vote', async ({ asUser }) => {
    const a = await asUser(WHO.first, { next: `/article/${MAIN_SLUG}` });
    const b = await asUser(WHO.second, { next: `/article/${MAIN_SLUG}` });
    const id = stamp();

    await a.goto(`/article/${MAIN_SLUG}`);
    const form = a.locator('form').filter({ has: a.getByLabel('Your comment', { exact: true }) });
    await form.getByLabel('Your comment', { exact: true }).fill(`Top comment ${id} with **bold**`);
    await submitComment(a, form, 'Post comment');
    await expect(a).toHaveURL(/#comment-\d+$/);
    const top = commentBy(a, `Top comment ${id}`);
    await expect(top).toBeVisible();
    await expect(top.locator('strong')).toHaveText('bold');

    // Three levels of replies, alternating authors.
    let page = b;
    let parentText = `Top comment ${id}`;
    for (let level = 1; level <= 3; level++) {
      if (level === 1) await page.goto(`/article/${MAIN_SLUG}`);
      else await page.reload();
      const parent = ownArticle(commentBy(page, parentText));
      await parent.getByRole('button', { name: 'Reply', exact: true }).click();
      const replyForm = parent.locator('form').filter({ has: page.getByRole('button', { name: 'Post reply' }) });
      await replyForm.getByRole('textbox').fill(`Level ${level} reply ${id}`);
      await submitComment(page, replyForm, 'Post reply');
      await expect(page).toHaveURL(/\/comments\/\d+#comment-\d+$/);
      await expect(commentBy(page, `Level ${level} reply ${id}`)).toBeVisible();
      parentText = `Level ${level} reply ${id}`;
      page = page === a ? b : a;
    }
    // The deepest reply sits three lists below the top comment.
    await expect(
      b
        .locator('li[data-comment-id] li[data-comment-id] li[data-comment-id] li[data-comment-id]')
        .filter({ hasText: `Level 3 reply ${id}` })
        .first(),
    ).toBeVisible();

    // Edit within the window.
    await a.goto(`/article/${MAIN_SLUG}`);
    const mine = ownArticle(commentBy(a, `Top comment ${id}`));
    await mine.getByRole('button', { name: 'Edit' }).click();
    await mine.getByLabel('Edit your comment').fill(`Top comment ${id}, edited`);
    await mine.getByRole('button', { name: 'Save edit' }).click();
    await expect(mine.locator('.prose-comment')).toHaveText(`Top comment ${id}, edited`);
    await expect(mine.getByText('(edited)')).toBeVisible();
    // No voting on your own comment.
    await expect(mine.getByRole('button', { name: 'Upvote' })).toBeDisabled();

    // reader2 votes up, then switches to down; the score follows and stays after a reload.
    await b.goto(`/article/${MAIN_SLUG}`);
    const theirs = ownArticle(commentBy(b, `Top comment ${id}`));
    await expect(scoreIn(theirs)).toHaveText('0');
    // Each vote is a server action; wait for its answer (the optimistic score shows before it).
    const voted = () =>
      b.waitForResponse((r) => !!r.request().headers()['next-action'] && /^\[\d+,-?[01]\]$/.test(r.request().postData() ?? ''));
    let answered = voted();
    await theirs.getByRole('button', { name: 'Upvote' }).click();
    await answered;
    await expect(scoreIn(theirs)).toHaveText('1');
    await expect(theirs.getByRole('button', { name: 'Upvote' })).toHaveAttribute('aria-pressed', 'true');
    answered = voted();
    await theirs.getByRole('button', { name: 'Downvote' }).click();
    await answered;
    await expect(scoreIn(theirs)).toHaveText('-1');
    await b.reload();
    const again = ownArticle(commentBy(b, `Top comment ${id}`));
    await expect(scoreIn(again)).toHaveText('-1');
    await expect(again.getByRole('button', { name: 'Downvote' })).toHaveAttribute('aria-pressed', 'true');
    await a.context().close();
    await b.context().close();
  });

  test('sort by Most voted, load more, and open a permalink to a deep comment', async ({ page }) => {
    await page.goto(`/article/${LONG_THREAD_SLUG}`);
    const list = page.getByRole('list', { name: 'Comments' });
    const topLevel = list.locator(':scope > li');
    await expect(topLevel.first()).toBeVisible();
    const newestFirst = await topLevel.first().getAttribute('data-comment-id');

    await page.getByRole('navigation', { name: 'Sort comments' }).getByRole('link', { name: 'Most voted' }).click();
    await expect(page).toHaveURL(/\/discussion\/top/);
    const scores = await page
      .getByRole('list', { name: 'Comments' })
      .locator(':scope > li > article [data-testid="score"]:visible')
      .allTextContents();
    const nums = scores.map(Number);
    expect(nums.length).toBeGreaterThan(5);
    expect(nums).toEqual([...nums].sort((x, y) => y - x));
    expect(await page.getByRole('list', { name: 'Comments' }).locator(':scope > li').first().getAttribute('data-comment-id')).not.toBe(
      newestFirst,
    );

    // Load more appends the next keyset page.
    const before = await page.locator('section#comments li[data-comment-id]').count();
    await page.getByRole('link', { name: 'Load more comments' }).click();
    await expect(page.getByRole('list', { name: 'More comments, page 2' })).toBeVisible();
    expect(await page.locator('section#comments li[data-comment-id]').count()).toBeGreaterThan(before);

    // Follow "Continue this thread" somewhere in the thread, then the permalink of a comment inside it.
    let found = false;
    for (let i = 0, shown = 2; i < 8 && !found; i++) {
      const cont = page.getByRole('link', { name: /Continue this thread/ });
      if (await cont.count()) {
        await cont.first().click();
        found = true;
      } else {
        await page.getByRole('link', { name: 'Load more comments' }).click();
        // Wait for the page the click asked for, not for a fixed time.
        await expect(page.getByRole('list', { name: `More comments, page ${++shown}` })).toBeVisible();
      }
    }
    expect(found).toBe(true);
    await expect(page).toHaveURL(/\/thread\/\d+/);
    const deep = page.getByRole('list', { name: 'Thread' }).locator('li[data-comment-id] li[data-comment-id]').first();
    const deepId = await deep.getAttribute('data-comment-id');
    await page.goto(`/article/${LONG_THREAD_SLUG}/comments/${deepId}#comment-${deepId}`);
    const target = page.locator(`#comment-${deepId} > article`);
    await expect(target).toBeVisible();
    await expect(target).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByRole('link', { name: 'View all comments' })).toBeVisible();
  });

  test('subscribe, get the mail of a reply, unsubscribe in one click', async ({ asUser }) => {
    const b = await asUser(WHO.subscriber, { next: `/article/${MAIL_SLUG}` });
    const a = await asUser(WHO.answerer, { next: `/article/${MAIL_SLUG}` });
    const id = stamp();
    await b.goto(`/article/${MAIL_SLUG}`);
    await b.getByLabel('Notify me of').selectOption('replies');
    await b.getByRole('button', { name: 'Save' }).click();
    await expect(b.getByText('You will get an email when someone replies')).toBeVisible();

    const form = b.locator('form').filter({ has: b.getByLabel('Your comment', { exact: true }) });
    await form.getByLabel('Your comment', { exact: true }).fill(`Subscribed comment ${id}`);
    await submitComment(b, form, 'Post comment');

    await a.goto(`/article/${MAIL_SLUG}`);
    const parent = ownArticle(commentBy(a, `Subscribed comment ${id}`));
    await parent.getByRole('button', { name: 'Reply', exact: true }).click();
    const replyForm = parent.locator('form').filter({ has: a.getByRole('button', { name: 'Post reply' }) });
    await replyForm.getByRole('textbox').fill(`Answer for you ${id}`);
    await submitComment(a, replyForm, 'Post reply');

    const mail = await waitForMail(WHO.subscriber, /reply to your comment on “Counting stars/i, 30_000);
    expect(mail.text).toContain(`Answer for you ${id}`);
    expect(mail.headers['list-unsubscribe-post'] ?? mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    await b.goto(linkIn(mail, '/unsubscribe/'));
    await b.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(b.getByRole('status')).toContainText('You are unsubscribed');
    await b.goto(`/article/${MAIL_SLUG}`);
    await expect(b.getByLabel('Notify me of')).toHaveValue('none');
    await a.context().close();
    await b.context().close();
  });

  test('comment inline on a selected passage and find it under Inline feedback', async ({ page }) => {
    await signIn(page, WHO.inline, undefined, `/article/${INLINE_SLUG}`);
    await page.goto(`/article/${INLINE_SLUG}`);
    const id = stamp();
    const quote = await page.evaluate(() => {
      const p = document.querySelector('[data-article-body] p')!;
      const node = [...p.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim().length > 30)!;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, 25);
      const sel = document.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return range.toString().replace(/\s+/g, ' ').trim();
    });
    await page.getByRole('button', { name: 'Comment on this passage' }).click();
    const form = page.locator('form').filter({ has: page.getByLabel('Your comment on this passage') });
    await form.getByLabel('Your comment on this passage').fill(`Inline thought ${id}`);
    await submitComment(page, form, 'Post comment');
    await expect(commentBy(page, `Inline thought ${id}`)).toBeVisible();

    await page.goto(`/article/${INLINE_SLUG}`);
    await page.getByRole('navigation', { name: 'Sort comments' }).getByRole('link', { name: 'Inline feedback' }).click();
    await expect(page).toHaveURL(/\/discussion\/inline/);
    const item = commentBy(page, `Inline thought ${id}`);
    await expect(item).toBeVisible();
    await expect(item.locator('blockquote')).toContainText(quote);

    // Staff feedback points show a marker with a count beside their passage.
    await page.goto(`/article/${LONG_THREAD_SLUG}`);
    await expect(page.locator('mark.feedback-passage').first()).toBeVisible();
    await expect(page.getByRole('link', { name: /comments? on this passage/ }).first()).toBeVisible();
  });

  test('a held comment shows its reason to its author; an over-long one keeps the text', async ({ page }) => {
    await signIn(page, WHO.held, undefined, `/article/${MAIN_SLUG}`);
    await page.goto(`/article/${MAIN_SLUG}`);
    const form = page.locator('form').filter({ has: page.getByLabel('Your comment', { exact: true }) });
    const box = form.getByLabel('Your comment', { exact: true });

    const long = `Too long ${stamp()} ${'x'.repeat(10_020)}`;
    await box.fill(long);
    await expect(form.getByText(/too many\)/)).toBeVisible();
    await form.getByRole('button', { name: 'Post comment' }).click();
    await expect(form.getByRole('alert')).toContainText('at most 10,000 characters');
    await expect(box).toHaveValue(long);

    const held = `Honestly this looks like a scam to me ${stamp()}`;
    await box.fill(held);
    await submitComment(page, form, 'Post comment');
    await expect(form.getByRole('status')).toContainText(/held for review: .*scam/i);
    await page.reload();
    const section = page.getByRole('region', { name: 'Your comments awaiting review' });
    await expect(section).toContainText(held);
    await expect(section).toContainText(/Held for review: .*scam/);
    await expect(commentBy(page, held)).toHaveCount(0);
  });

  test('an unverified reader is told why they cannot vote and that their comment is held', async ({ browser }) => {
    // A fresh account, signed up but never verified: the sock puppet's starting point.
    const puppet = newUser('puppet');
    const { email, password } = puppet;
    const k = stamp();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, puppet);
    await signIn(page, email, password, `/article/${LONG_THREAD_SLUG}`);
    await page.goto(`/article/${LONG_THREAD_SLUG}`);

    // Before typing, the form says why a comment will wait.
    const form = page.locator('form').filter({ has: page.getByLabel('Your comment', { exact: true }) });
    await expect(form.getByRole('note')).toContainText('Your email address is not verified yet, so your comments are held for review');

    // A vote is refused, with the reason and a way to get a new link; the score does not move.
    const first = page.getByRole('list', { name: 'Comments' }).locator(':scope > li').first();
    const firstId = await first.getAttribute('data-comment-id');
    const score = await scoreIn(first.locator(':scope > article')).textContent();
    await first.locator(':scope > article').getByRole('button', { name: 'Upvote' }).click();
    const alert = first.locator(':scope > article').getByRole('alert');
    await expect(alert).toContainText('Verify your email address to vote.');
    await expect(alert.getByRole('link', { name: 'Send me a new verification link' })).toHaveAttribute(
      'href',
      /^\/account\/verify\?for=vote/,
    );
    await expect(scoreIn(first.locator(':scope > article'))).toHaveText(score!);

    // The comment is held, and the author is told so after posting and on the next visit.
    const held = `Sock puppet says hello ${k}`;
    await form.getByLabel('Your comment', { exact: true }).fill(held);
    await submitComment(page, form, 'Post comment');
    await expect(form.getByRole('status')).toContainText(/held for review: Your email address is not verified yet/);
    await page.reload();
    const section = page.getByRole('region', { name: 'Your comments awaiting review' });
    await expect(section).toContainText(held);
    await expect(section).toContainText(/Held for review: Your email address is not verified yet/);
    await expect(commentBy(page, held)).toHaveCount(0);
    await context.close();

    // Without JavaScript a vote lands on a page that says why and sends a new link.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await plain.newPage();
    await signIn(p2, email, password, `/article/${LONG_THREAD_SLUG}`);
    await p2.goto(`/article/${LONG_THREAD_SLUG}`);
    // The article's vote link leads to the comment's own page, where the vote is a form.
    await p2.locator(`#comment-${firstId} > article`).getByRole('link', { name: 'Upvote' }).click();
    await expect(p2).toHaveURL(new RegExp(`/comments/${firstId}#respond$`));
    await respondPanel(p2).getByRole('button', { name: 'Upvote' }).click();
    await expect(p2).toHaveURL(/\/account\/verify\?for=vote/);
    await expect(p2.getByRole('alert')).toContainText('Verify your email address to vote.');
    await p2.getByRole('button', { name: 'Send the link again' }).click();
    await expect(p2.getByText(`We sent a new verification link to ${email}`)).toBeVisible();
    await waitForMail(email, /Verify your email/);
    await p2.getByRole('link', { name: 'Back to the conversation' }).click();
    await expect(p2).toHaveURL(new RegExp(`/comments/${firstId}`));
    await expect(respondPanel(p2).getByTestId('score')).toHaveText(score!);
    await expect(respondPanel(p2).getByRole('button', { name: 'Upvote' })).toHaveAttribute('aria-pressed', 'false');
    await plain.close();
  });

  test('a forged or garbage discussion cursor answers 404 with a clear page, never 500', async ({ page }) => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await page.goto(`/article/${LONG_THREAD_SLUG}`);
    const threadId = await page.getByRole('list', { name: 'Comments' }).locator(':scope > li').first().getAttribute('data-comment-id');
    for (const path of [
      `/article/${LONG_THREAD_SLUG}/discussion/newest/garbage`,
      `/article/${LONG_THREAD_SLUG}/discussion/newest/${forged(['2026-13-45 25:61:61+00', 1])}`,
      `/article/${LONG_THREAD_SLUG}/discussion/top/${forged([99_999_999_999, 1])}`,
      `/article/${LONG_THREAD_SLUG}/discussion/top/${forged(['2026-01-01 00:00:00+00', 1])}`,
      `/article/${LONG_THREAD_SLUG}/thread/${threadId}/${forged(['2026-02-30 10:00:00+00', 1])}`,
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    }
  });

  test('a comment shows an avatar, a relative time with the exact one on hover, and buttons to reply, report and share', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`/article/${LONG_THREAD_SLUG}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    const first = page.getByRole('list', { name: 'Comments', exact: true }).locator(':scope > li').first();
    const art = ownArticle(first);
    await expect(art.locator('header > span[aria-hidden="true"], header > img').first()).toBeVisible();
    const time = art.locator('header time');
    await expect(time).toHaveText(/ ago$|^yesterday$|^last |^just now$/);
    await expect(time).toHaveAttribute('title', /\d{4} at \d{2}:\d{2} UTC$/);
    await expect(art.getByRole('button', { name: 'Reply' })).toBeVisible();
    await expect(art.getByText('Report', { exact: true }).filter({ visible: true })).toBeVisible();
    await art.getByRole('button', { name: 'Share' }).click();
    await expect(art.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const id = await first.getAttribute('data-comment-id');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      new URL(`/article/${LONG_THREAD_SLUG}/comments/${id}#comment-${id}`, page.url()).toString(),
    );
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await context.close();
  });

  test('comment counts have thousands separators', async ({ page }) => {
    await page.goto(`/article/${THOUSAND_SLUG}`);
    await expect(page.locator('header').getByRole('link', { name: /^\d{1,3}(,\d{3})+ comments$/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /^View all \d{1,3}(,\d{3})+ comments$/ })).toBeVisible();
  });

  test('new comments arrive live and in place: at the top, or under their parent, marked New', async ({ asUser }) => {
    const a = await asUser(WHO.liveA, { next: `/article/${LIVE_SLUG}` });
    const b = await asUser(WHO.liveB, { next: `/article/${LIVE_SLUG}` });
    const c = await asUser(WHO.liveReplier, { next: `/article/${LIVE_SLUG}` });
    const id = stamp();
    // A's page has hydrated once its live stream answers.
    const streamOpen = a.waitForResponse((r) => new URL(r.url()).pathname === '/api/comments/stream' && r.ok());
    await a.goto(`/article/${LIVE_SLUG}`);
    await b.goto(`/article/${LIVE_SLUG}`);
    await c.goto(`/article/${LIVE_SLUG}`);
    await streamOpen;
    const url = a.url();
    const form = b.locator('form').filter({ has: b.getByLabel('Your comment', { exact: true }) });
    await form.getByLabel('Your comment', { exact: true }).fill(`Live comment ${id}`);
    await submitComment(b, form, 'Post comment');
    // It appears at the top of the thread, marked New, with its controls, without a refresh.
    const fresh = a
      .getByRole('list', { name: 'New comments' })
      .locator(':scope > li')
      .filter({ hasText: `Live comment ${id}` });
    await expect(fresh).toBeVisible({ timeout: 20_000 });
    await expect(ownArticle(fresh).getByText('New', { exact: true })).toBeVisible();
    await expect(a.getByRole('status').filter({ hasText: '1 new comment added to the thread' })).toBeVisible();
    await expect(ownArticle(fresh).getByRole('button', { name: 'Reply' })).toBeVisible();

    // A reply lands under its parent.
    const parent = a.getByRole('list', { name: 'Comments', exact: true }).locator(':scope > li').first();
    const parentId = await parent.getAttribute('data-comment-id');
    await c.locator(`#comment-${parentId} > article`).getByRole('button', { name: 'Reply' }).click();
    const replyForm = c.locator(`#comment-${parentId} > article form`).filter({ has: c.getByRole('button', { name: 'Post reply' }) });
    await replyForm.getByRole('textbox').fill(`Live reply ${id}`);
    await submitComment(c, replyForm, 'Post reply');
    const reply = a.locator(`#comment-${parentId} > ol > li`).filter({ hasText: `Live reply ${id}` });
    await expect(reply).toBeVisible({ timeout: 20_000 });
    await expect(ownArticle(reply).getByText('New', { exact: true })).toBeVisible();
    await expect(a.getByRole('status').filter({ hasText: '2 new comments added to the thread' })).toBeVisible();
    expect(a.url()).toBe(url);
    for (const p of [a, b, c]) await p.context().close();
  });

  test("without JavaScript: comment, then vote, withdraw, reply, report and edit through the comment's own page", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, WHO.nojsWriter, undefined, `/article/${NOJS_SLUG}`);
    await page.goto(`/article/${NOJS_SLUG}`);
    const id = stamp();
    const form = commentForm(page);
    await form.getByLabel('Your comment', { exact: true }).fill(`No script comment ${id}`);
    await submitComment(page, form, 'Post comment');
    await expect(page).toHaveURL(/#comment-\d+$/);
    const mine = commentBy(page, `No script comment ${id}`);
    await expect(mine).toBeVisible();
    const mineId = await mine.getAttribute('data-comment-id');
    // The cached thread carries no per-comment forms: its controls are links to the comment's own page.
    await expect(page.getByRole('list', { name: 'Comments' }).getByRole('form', { name: /^Vote on comment \d+$/ })).toHaveCount(0);

    // Vote on someone else's comment: on its page, the vote is a form; the page comes back with the new score.
    const other = page
      .getByRole('list', { name: 'Comments' })
      .locator(':scope > li')
      .filter({ hasNot: page.getByText(`No script comment ${id}`) })
      .first();
    const otherId = await other.getAttribute('data-comment-id');
    const score = Number(await other.locator(':scope > article').getByTestId('score').textContent());
    await other.locator(':scope > article').getByRole('link', { name: 'Upvote' }).click();
    await expect(page).toHaveURL(new RegExp(`/comments/${otherId}#respond$`));
    const panel = respondPanel(page);
    await panel.getByRole('button', { name: 'Upvote' }).click();
    await expect(page).toHaveURL(new RegExp(`/comments/${otherId}#comment-${otherId}$`));
    await expect(panel.getByTestId('score')).toHaveText(String(score + 1));
    await expect(panel.getByRole('button', { name: 'Upvote' })).toHaveAttribute('aria-pressed', 'true');
    // Pressing it again withdraws the vote.
    await panel.getByRole('button', { name: 'Upvote' }).click();
    await expect(panel.getByTestId('score')).toHaveText(String(score));
    await expect(panel.getByRole('button', { name: 'Upvote' })).toHaveAttribute('aria-pressed', 'false');
    await panel.getByRole('button', { name: 'Upvote' }).click();
    await expect(panel.getByTestId('score')).toHaveText(String(score + 1));

    // Report it, with a reason.
    await panel.getByText('Report', { exact: true }).click();
    await panel.getByLabel('Reason').selectOption('off-topic');
    await panel.getByRole('button', { name: 'Send report' }).click();
    await expect(respondPanel(page).getByRole('status')).toContainText('A moderator will look at it');

    // Someone else replies to it from its page.
    const other2 = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await other2.newPage();
    await signIn(p2, WHO.nojsReplier, undefined, `/article/${NOJS_SLUG}/comments/${otherId}`);
    await p2.goto(`/article/${NOJS_SLUG}/comments/${otherId}`);
    const replyForm = respondPanel(p2)
      .locator('form')
      .filter({ has: p2.getByRole('button', { name: 'Post reply' }) });
    await replyForm.getByRole('textbox').fill(`No script reply ${id}`);
    await submitComment(p2, replyForm, 'Post reply');
    await expect(p2).toHaveURL(/\/comments\/\d+#comment-\d+$/);
    await expect(commentBy(p2, `No script reply ${id}`)).toBeVisible();
    await other2.close();

    // Edit my own comment on its page: no vote for myself, an edit form instead.
    await page.goto(`/article/${NOJS_SLUG}/comments/${mineId}`);
    await expect(respondPanel(page).getByRole('button', { name: 'Upvote' })).toBeDisabled();
    await respondPanel(page).getByLabel('Edit your comment').fill(`No script comment ${id}, edited`);
    await respondPanel(page).getByRole('button', { name: 'Save edit' }).click();
    await expect(page.locator(`#comment-${mineId} > article .prose-comment`)).toHaveText(`No script comment ${id}, edited`);
    await expect(page.locator(`#comment-${mineId} > article`).getByText('(edited)')).toBeVisible();
    await context.close();

    // The next anonymous reader of the (cached) article sees all of it: the edit, the reply count, the vote.
    const anon = await browser.newContext({ javaScriptEnabled: false });
    const reader = await anon.newPage();
    await reader.goto(`/article/${NOJS_SLUG}`);
    await expect(reader.locator(`#comment-${mineId} > article .prose-comment`)).toHaveText(`No script comment ${id}, edited`);
    await expect(reader.locator(`#comment-${otherId} > article`).getByTestId('score')).toHaveText(String(score + 1));
    await expect(reader.locator(`#comment-${otherId} > article`)).toContainText(/\d+ repl(y|ies)/);
    await reader.goto(`/article/${NOJS_SLUG}/comments/${otherId}`);
    await expect(respondPanel(reader).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await anon.close();
  });
});
