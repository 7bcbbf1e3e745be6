import { expect, test, type Browser, type Page } from './support/fixtures';
import { gotoHydrated, viewerAnswered } from './support/hydration';
import { DEMO, newUser } from './support/accounts';
import { expectNoHorizontalScroll } from './support/pages/article';
import { postComment as postOn } from './support/pages/comments';
import { signIn, signUp } from './support/pages/signin';
import { HELD_COMMENTS_SLUG } from '../db/seed/fixtures';

// troll@ (handle rex-gnarl) is reserved for this spec: it gets a comment held, approved, then a 1-day ban.
const TROLL_HANDLE = 'rex-gnarl';

const postComment = (page: Page, body: string) => postOn(page, HELD_COMMENTS_SLUG, body);

test.describe('newsroom moderation', () => {
  test('who may open the comment queue', async ({ asUser, page }) => {
    await page.goto('/admin/comments');
    await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Fcomments/);

    const reader = await asUser(DEMO.reader.email);
    await reader.goto('/admin/comments');
    await expect(reader.getByText('403', { exact: true })).toBeVisible();
    await expect(reader.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
    await reader.context().close();

    const moderator = await asUser(DEMO.moderator.email);
    await moderator.goto('/admin/comments');
    await expect(moderator.getByRole('heading', { name: 'Comments', level: 1 })).toBeVisible();
    await expect(moderator.getByRole('link', { name: /^Pending/ })).toHaveAttribute('aria-current', 'page');
    await moderator.context().close();
  });

  test('a moderator approves a held comment and bans a troll for a day; the admin sees both in the audit log', async ({ asUser }) => {
    const stamp = Date.now().toString(36);
    const body = `Looks like a scam to me, honestly ${stamp}`;

    // The troll's comment is held: the demo account is pre-moderated out of the box, and it has a suspect word.
    const troll = await test.step('the troll posts a comment and it is held', async () => {
      const troll = await asUser(DEMO.troll.email);
      await postComment(troll, body);
      await expect(troll.getByText(/held for review/)).toBeVisible();
      await expect(
        troll.getByText(/held for review: Comments from this account are reviewed before they appear; .*needs review/),
      ).toBeVisible();
      return troll;
    });

    const mod = await asUser(DEMO.moderator.email);
    await test.step('the moderator finds it in the pending queue on a phone, approves it, and it is public', async () => {
      await mod.setViewportSize({ width: 375, height: 800 });
      await mod.goto(`/admin/comments?tab=pending&user=${TROLL_HANDLE}`);
      const item = mod.getByRole('article').filter({ hasText: stamp });
      await expect(item).toBeVisible();
      await expect(item.getByText(/Held because:/)).toBeVisible();
      await expect(item.getByText(/needs review/)).toBeVisible();
      await expect(item.getByText(/Author history:/)).toBeVisible();
      await expectNoHorizontalScroll(mod);
      await item.getByRole('button', { name: 'Approve', exact: true }).click();
      // It leaves the pending queue (the page says so) and shows under Approved.
      await expect(mod.getByRole('status').filter({ hasText: 'Approved: 1 comment.' })).toBeVisible();
      await expect(item).toHaveCount(0);
      await mod.getByRole('link', { name: 'Approved', exact: true }).click();
      await expect(mod.getByRole('article').filter({ hasText: stamp }).getByText('approved', { exact: true })).toBeVisible();

      await mod.goto(`/article/${HELD_COMMENTS_SLUG}`);
      await expect(mod.getByText(body).first()).toBeVisible();
    });

    await test.step('the moderator bans the troll from their profile page: bad input first, kept as typed', async () => {
      await mod.goto(`/admin/users?q=${TROLL_HANDLE}`);
      const profileHydrated = viewerAnswered(mod);
      await mod.getByRole('link', { name: `@${TROLL_HANDLE}` }).click();
      await expect(mod.getByRole('heading', { name: `@${TROLL_HANDLE}`, level: 1 })).toBeVisible();
      await profileHydrated;
      await expectNoHorizontalScroll(mod);
      const ban = mod.getByRole('form', { name: `Ban @${TROLL_HANDLE}` });
      await ban.getByLabel('Ban length').selectOption('1');
      await ban.getByRole('button', { name: `Ban @${TROLL_HANDLE}` }).click();
      await expect(ban.getByText('Give a reason: the user will see it.').first()).toBeVisible();

      await ban.getByLabel('Ban length').selectOption('until');
      await ban.getByLabel(/Ban ends/).fill('2020-01-01T10:00');
      await ban.getByLabel(/Reason for the ban/).fill('Repeated personal attacks');
      await ban.getByRole('button', { name: `Ban @${TROLL_HANDLE}` }).click();
      await expect(ban.getByText('The ban must end in the future.').first()).toBeVisible();
      await expect(ban.getByLabel(/Reason for the ban/)).toHaveValue('Repeated personal attacks');
      await expect(ban.getByLabel(/Ban ends/)).toHaveValue('2020-01-01T10:00');

      await ban.getByLabel('Ban length').selectOption('1');
      await ban.getByRole('button', { name: `Ban @${TROLL_HANDLE}` }).click();
      await expect(ban.getByRole('status')).toContainText(/Banned until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      await mod.reload();
      await expect(mod.getByText(/Banned until .*Repeated personal attacks/)).toBeVisible();
      await mod.context().close();
    });

    await test.step("the ban ended the troll's session; signed in again, their next comment is refused with reason and end", async () => {
      await signIn(troll, DEMO.troll.email);
      await postComment(troll, `Another try ${stamp}`);
      const refusal = troll.getByRole('alert').filter({ hasText: /banned/ });
      await expect(refusal).toContainText(/Your account is banned until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: Repeated personal attacks/);
      await troll.context().close();
    });

    await test.step('the admin sees both decisions in the audit log', async () => {
      const admin = await asUser(DEMO.admin.email);
      const byMod = `actor=${encodeURIComponent(DEMO.moderator.email)}`;
      await admin.goto(`/admin/audit?action=user.ban&${byMod}`);
      const entry = admin
        .getByRole('listitem')
        .filter({ has: admin.locator('strong', { hasText: 'user.ban' }) })
        .first();
      await entry.getByText('Before and after').click();
      await expect(entry.getByText(/Repeated personal attacks/)).toBeVisible();
      await admin.goto(`/admin/audit?action=comment.approve&${byMod}`);
      await expect(admin.locator('strong', { hasText: 'comment.approve' }).first()).toBeVisible();
      await admin.context().close();
    });
  });

  test('settings refuse an invalid word list with a clear message, keeping the input', async ({ asUser }) => {
    const admin = await asUser(DEMO.admin.email);
    await admin.setViewportSize({ width: 375, height: 800 });
    await gotoHydrated(admin, '/admin/settings');
    await expectNoHorizontalScroll(admin);
    const typed = `slurword\n${'x'.repeat(80)}`;
    const words = admin.getByLabel('Banned words');
    // Typed again if hydration raced the first fill.
    await expect(async () => {
      await words.fill(typed);
      await expect(words).toHaveValue(typed, { timeout: 1000 });
    }).toPass();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect(admin.getByRole('alert').first()).toContainText(/too long/);
    await expect(admin.getByLabel('Banned words')).toHaveValue(typed);

    // The settings page is for admins only.
    const mod = await asUser(DEMO.moderator.email);
    await mod.goto('/admin/settings');
    await expect(mod.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
    await mod.context().close();
    await admin.context().close();
  });
});

test.describe('working through the queue', () => {
  // Posting the held comments through the public form, one page load each, takes a while on a busy machine.
  test.describe.configure({ timeout: 300_000 });
  // A freshly signed-up (so unverified) account: every comment it posts is held, and no other spec uses it.
  // Posting 26 comments in a row needs the rate interval off and a higher daily cap; both are put back after.
  const poster = newUser('queue');
  const id = poster.handle.slice('queue_'.length);
  let posterPage: Page;

  // Runs in beforeAll/afterAll, where only the browser is at hand (no test-scoped asUser).
  async function setLimits(browser: Browser, interval: string, cap: string) {
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, DEMO.admin.email, undefined, '/admin/settings');
    await gotoHydrated(admin, '/admin/settings');
    const intervalBox = admin.getByLabel('Comment rate interval (seconds)');
    const capBox = admin.getByLabel('Daily comment cap for new accounts');
    await expect(async () => {
      await intervalBox.fill(interval);
      await capBox.fill(cap);
      await expect(intervalBox).toHaveValue(interval, { timeout: 1000 });
    }).toPass();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect(admin.getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible();
    await admin.context().close();
  }

  async function postHeld(n: number, label: string) {
    const bodies: string[] = [];
    for (let i = 0; i < n; i++) {
      const body = `${label} ${i + 1} of ${n} (${id})`;
      await postComment(posterPage, body);
      // One server action each; on a machine running both suites side by side one can take over 10 s.
      await expect(posterPage.getByText(/Your comment is held for review/)).toBeVisible({ timeout: 30_000 });
      bodies.push(body);
    }
    return bodies;
  }

  test.beforeAll(async ({ browser }) => {
    await setLimits(browser, '0', '500');
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-real-ip': '203.0.113.77' } });
    posterPage = await context.newPage();
    await signUp(posterPage, poster);
    await signIn(posterPage, poster.email, poster.password);
  });

  test.afterAll(async ({ browser }) => {
    await posterPage?.context().close();
    await setLimits(browser, '15', '20');
  });

  test('a moderator clears 20 held comments with the keyboard only; the rejected one shows its reason to the author', async ({
    asUser,
  }) => {
    // Twenty posts through the public form, then forty-odd key presses each waiting for the queue to settle.
    test.setTimeout(240_000);
    const bodies = await postHeld(20, 'Keyboard queue');
    const mod = await asUser(DEMO.moderator.email);
    await gotoHydrated(mod, `/admin/comments?tab=pending&user=${poster.handle}`);
    await expect(mod.locator('[data-shortcuts="on"]'), 'the queue takes its shortcuts').toBeAttached();
    const count = mod.locator('#queue-count');
    const items = mod.getByRole('list', { name: 'Comments' }).getByRole('article');
    await expect(count).toHaveText('20 comments left in pending');
    await expect(items).toHaveCount(20);

    // "?" shows the shortcuts on the page and hides them again.
    const help = mod.getByText('next / previous comment');
    await expect(help).toBeHidden();
    await mod.keyboard.press('?');
    await expect(help).toBeVisible();
    await mod.keyboard.press('?');
    await expect(help).toBeHidden();

    // j/k move a visible focus; c opens the context in place; x ticks the comment for the bulk bar.
    await mod.keyboard.press('j');
    await expect(items.first()).toBeFocused();
    await expect(items.first()).toHaveAttribute('data-current', 'true');
    await mod.keyboard.press('j');
    await expect(items.nth(1)).toBeFocused();
    await mod.keyboard.press('k');
    await expect(items.first()).toBeFocused();
    await expect(items.first()).toContainText(bodies[0]);
    await mod.keyboard.press('c');
    await expect(items.first().getByText('Not a reply: it starts a thread.')).toBeVisible();
    await mod.keyboard.press('c');
    await expect(items.first().getByText('Not a reply: it starts a thread.')).toBeHidden();
    await mod.keyboard.press('x');
    await expect(items.first().getByRole('checkbox')).toBeChecked();
    await mod.keyboard.press('x');
    await expect(items.first().getByRole('checkbox')).not.toBeChecked();

    // r opens the reason field; what is typed there (a, s, j, x…) is text, not shortcuts; Ctrl+Enter sends it.
    await mod.keyboard.press('r');
    const reason = items.first().getByLabel(/Reason for rejecting/);
    await expect(reason).toBeFocused();
    const why = 'Please stay on topic; ask a question about the shop instead';
    await mod.keyboard.type(why);
    await expect(reason).toHaveValue(why);
    await expect(count).toHaveText('20 comments left in pending');
    await mod.keyboard.press('Control+Enter');
    await expect(count).toHaveText('19 comments left in pending');

    // The next comment takes the focus; "a" approves it, nineteen times.
    for (let left = 18; left >= 0; left--) {
      await expect(items.first()).toBeFocused();
      await mod.keyboard.press('a');
      await expect(count).toHaveText(`${left} comment${left === 1 ? '' : 's'} left in pending`);
    }
    await expect(mod.getByText('Every held comment has been dealt with.')).toBeVisible();
    await mod.goto(`/admin/comments?tab=approved&user=${poster.handle}`);
    await expect(mod.locator('#queue-count')).toHaveText('19 comments in approved');
    await mod.context().close();

    // The author sees the reason where rejected comments are shown to them: under the article.
    await posterPage.goto(`/article/${HELD_COMMENTS_SLUG}`);
    const held = posterPage.getByRole('region', { name: 'Your comments awaiting review' });
    await expect(held.getByText(`Not published: ${why}`)).toBeVisible();
    await expect(held).toContainText(bodies[0]);
  });

  test('select all on the page, then one bulk action; without JavaScript too', async ({ asUser, browser }) => {
    await postHeld(3, 'Bulk approve');
    const mod = await asUser(DEMO.moderator.email);
    await gotoHydrated(mod, `/admin/comments?tab=pending&user=${poster.handle}`);
    await expect(mod.locator('[data-shortcuts="on"]'), 'the queue takes its shortcuts').toBeAttached();
    await mod.getByLabel('Select all 3 on this page').check();
    const boxes = mod.getByRole('list', { name: 'Comments' }).getByRole('checkbox');
    await expect(boxes).toHaveCount(3);
    for (const box of await boxes.all()) await expect(box).toBeChecked();
    // Unticking one clears "select all" (so it would not act on the unticked one).
    await boxes.nth(1).uncheck();
    await expect(mod.getByLabel('Select all 3 on this page')).not.toBeChecked();
    await mod.getByLabel('Select all 3 on this page').check();
    await mod.getByRole('button', { name: 'Apply to selected' }).click();
    await expect(mod.getByRole('status').filter({ hasText: 'Approved: 3 comments.' })).toBeVisible();
    await expect(mod.locator('#queue-count')).toHaveText('0 comments left in pending');
    await mod.context().close();

    // The same bar as a plain form, without JavaScript: select all, reject both with a reason; the page
    // that answers says what was done.
    const bodies = await postHeld(2, 'Bulk reject');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await signIn(plain, DEMO.moderator.email);
    await plain.goto(`/admin/comments?tab=pending&user=${poster.handle}`);
    await expect(plain.locator('#queue-count')).toHaveText('2 comments left in pending');
    await plain.getByLabel('Select all 2 on this page').check();
    await plain.getByLabel('With the selected comments').selectOption('reject');
    await plain.getByLabel(/Reason, when rejecting/).fill('Duplicate of an earlier point');
    await plain.getByRole('button', { name: 'Apply to selected' }).click();
    await expect(plain.getByRole('status').filter({ hasText: 'Rejected with your reason: 2 comments.' })).toBeVisible();
    await expect(plain.locator('#queue-count')).toHaveText('0 comments left in pending');
    await context.close();

    await posterPage.goto(`/article/${HELD_COMMENTS_SLUG}`);
    const held = posterPage.getByRole('region', { name: 'Your comments awaiting review' });
    await expect(held.getByText('Not published: Duplicate of an earlier point')).toHaveCount(2);
    await expect(held).toContainText(bodies[1]);
  });
});
