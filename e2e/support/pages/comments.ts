/**
 * Page object for a comment thread (an article's comments, a comment's own page), with or without JavaScript:
 * finding a comment by its text, its score and controls, the comment forms, and posting through them.
 */
import type { Locator, Page } from '@playwright/test';
import { ServerClock } from '../clock';

/** The `li` of the last visible comment whose text contains `text` (Next keeps the previous page hidden in the DOM). */
export const commentBy = (page: Page, text: string): Locator =>
  page
    .locator('li[data-comment-id]')
    .filter({ has: page.locator('.prose-comment', { hasText: text }), visible: true })
    .last();

/** The comment's own `article` (not its replies). */
export const ownArticle = (li: Locator): Locator => li.locator(':scope > article');

/** The `article` of the comment with this id. */
export const commentArticle = (page: Page, id: string): Locator => page.locator(`#comment-${id} > article`);

/** The score a reader sees: with JavaScript the enhanced controls replace (hide) the static ones. */
export const scoreIn = (scope: Locator): Locator => scope.getByTestId('score').filter({ visible: true });

/** The per-request panel on a comment's own page: vote, reply, report, edit or delete. */
export const respondPanel = (page: Page): Locator => page.getByRole('region', { name: 'Respond to this comment' });

/** The form for a new top-level comment under the article. */
export const commentForm = (page: Page): Locator =>
  page
    .locator('form')
    .filter({ has: page.getByLabel('Your comment', { exact: true }) })
    .first();

/**
 * Submits a comment form. The per-user interval (setting commentIntervalSeconds) may refuse a post that follows
 * the same user's previous one too closely: then the server's clock is moved past the wait the message names
 * (no sleeping) and the form is submitted again.
 */
export async function submitComment(page: Page, form: Locator, button: string | RegExp): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const url = page.url();
    const wait = form.getByRole('alert').filter({ hasText: /wait \d+ seconds?/ });
    await form.getByRole('button', { name: button }).click();
    // The form hides its previous message while the post is pending.
    if (attempt > 0) await wait.waitFor({ state: 'hidden', timeout: 10_000 });
    const done = await Promise.race([
      page.waitForURL((u) => u.toString() !== url, { timeout: 20_000 }).then(() => 'navigated' as const),
      wait.waitFor({ timeout: 20_000 }).then(() => 'wait' as const),
      form
        .getByRole('status')
        .waitFor({ timeout: 20_000 })
        .then(() => 'status' as const),
    ]);
    if (done !== 'wait') return;
    const seconds = Number(/wait (\d+) second/.exec((await wait.textContent()) ?? '')?.[1] ?? 15);
    await new ServerClock(page.request).advance((seconds + 1) * 1000);
  }
  throw new Error(
    "comment was refused three times: moving the server's clock did not end the posting interval (does it read lib/clock.ts now()?)",
  );
}

/** Posts a top-level comment on an article through its form (the answer is left to the caller to check). */
export async function postComment(page: Page, slug: string, body: string): Promise<void> {
  await page.goto(`/article/${slug}`);
  const box = page.getByLabel('Your comment', { exact: true }).first();
  await box.fill(body);
  await box.locator('xpath=ancestor::form').getByRole('button', { name: 'Post comment' }).click();
}
