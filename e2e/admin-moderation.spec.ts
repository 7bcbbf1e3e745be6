import { expect, test, type Browser, type Page } from '@playwright/test';
import { HELD_COMMENTS_SLUG } from '../db/seed/fixtures';
import { DEMO, signIn } from './support/auth';

// troll@ (handle rex-gnarl) is reserved for this spec: it gets a comment held, approved, then a 1-day ban.
const TROLL_HANDLE = 'rex-gnarl';

async function asUser(browser: Browser, email: string, next = '/'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, undefined, next);
  return page;
}

async function postComment(page: Page, body: string) {
  await page.goto(`/article/${HELD_COMMENTS_SLUG}`);
  const box = page.getByLabel('Your comment', { exact: true }).first();
  await box.fill(body);
  await box.locator('xpath=ancestor::form').getByRole('button', { name: 'Post comment' }).click();
}

/** The page fits a 375 px phone: nothing wider than the viewport. */
async function expectNoHorizontalScroll(page: Page) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(inner + 1);
}

test.describe('newsroom moderation', () => {
  test('who may open the comment queue', async ({ browser, page }) => {
    await page.goto('/admin/comments');
    await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Fcomments/);

    const reader = await asUser(browser, DEMO.reader.email);
    await reader.goto('/admin/comments');
    await expect(reader.getByText('403', { exact: true })).toBeVisible();
    await expect(reader.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
    await reader.context().close();

    const moderator = await asUser(browser, DEMO.moderator.email);
    await moderator.goto('/admin/comments');
    await expect(moderator.getByRole('heading', { name: 'Comments', level: 1 })).toBeVisible();
    await expect(moderator.getByRole('link', { name: /^Pending/ })).toHaveAttribute('aria-current', 'page');
    await moderator.context().close();
  });

  test('a moderator approves a held comment and bans a troll for a day; the admin sees both in the audit log', async ({ browser }) => {
    const stamp = Date.now().toString(36);
    const body = `Looks like a scam to me, honestly ${stamp}`;

    // The troll's comment is held (a suspect word).
    const troll = await asUser(browser, DEMO.troll.email);
    await postComment(troll, body);
    await expect(troll.getByText(/held for review/)).toBeVisible();

    // The moderator finds it in the pending queue, with its hold reason, on a phone-sized screen.
    const mod = await asUser(browser, DEMO.moderator.email);
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

    // It is public now.
    await mod.goto(`/article/${HELD_COMMENTS_SLUG}`);
    await expect(mod.getByText(body).first()).toBeVisible();

    // Ban the troll from their profile page: bad input first, kept as typed.
    await mod.goto(`/admin/users?q=${TROLL_HANDLE}`);
    await mod.getByRole('link', { name: `@${TROLL_HANDLE}` }).click();
    await expect(mod.getByRole('heading', { name: `@${TROLL_HANDLE}`, level: 1 })).toBeVisible();
    await mod.waitForLoadState('networkidle');
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

    // The ban ended the troll's session; signed in again, their next comment is refused with reason and end.
    await signIn(troll, DEMO.troll.email);
    await postComment(troll, `Another try ${stamp}`);
    const refusal = troll.getByRole('alert').filter({ hasText: /banned/ });
    await expect(refusal).toContainText(/Your account is banned until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: Repeated personal attacks/);
    await troll.context().close();

    // The admin sees both decisions in the audit log.
    const admin = await asUser(browser, DEMO.admin.email);
    const byMod = `actor=${encodeURIComponent(DEMO.moderator.email)}`;
    await admin.goto(`/admin/audit?action=user.ban&${byMod}`);
    const entry = admin.getByRole('listitem').filter({ has: admin.locator('strong', { hasText: 'user.ban' }) }).first();
    await entry.getByText('Before and after').click();
    await expect(entry.getByText(/Repeated personal attacks/)).toBeVisible();
    await admin.goto(`/admin/audit?action=comment.approve&${byMod}`);
    await expect(admin.locator('strong', { hasText: 'comment.approve' }).first()).toBeVisible();
    await admin.context().close();
  });

  test('settings refuse an invalid word list with a clear message, keeping the input', async ({ browser }) => {
    const admin = await asUser(browser, DEMO.admin.email);
    await admin.setViewportSize({ width: 375, height: 800 });
    await admin.goto('/admin/settings');
    await admin.waitForLoadState('networkidle');
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
    const mod = await asUser(browser, DEMO.moderator.email);
    await mod.goto('/admin/settings');
    await expect(mod.getByRole('heading', { name: 'Not for your account' })).toBeVisible();
    await mod.context().close();
    await admin.context().close();
  });
});
