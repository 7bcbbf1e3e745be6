/**
 * Page object for the newsroom's article editor (/admin/articles/…): its fields, the rich-text box, typing and
 * selecting in it as a writer would, feedback points, and the schedule's datetime-local input.
 */
import { expect, type Page } from '@playwright/test';
import { selectText } from '../selection';

/** A visible form control by its exact label (pages kept hidden after client navigation are skipped). */
export function field(page: Page, label: string) {
  return page.getByLabel(label, { exact: true }).filter({ visible: true });
}

/** The rich-text editor's text box (the no-JavaScript fallback is a textarea named "Article text (HTML)"). */
export function textBox(page: Page) {
  return page.getByRole('textbox', { name: 'Article text', exact: true }).filter({ visible: true });
}

/** Replaces the article text by typing it, as a writer would; each "\n" is an Enter (a new paragraph). */
export async function writeText(page: Page, text: string): Promise<void> {
  await textBox(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Selects `passage` in the editor with the mouse-free DOM selection a drag would make. */
export async function selectInText(page: Page, passage: string): Promise<void> {
  await textBox(page).click();
  await selectText(textBox(page), passage);
}

/** Replaces `from` by `to` in the editor's text (select it and type), then saves. */
export async function retype(page: Page, from: string, to: string): Promise<void> {
  await selectInText(page, from);
  await page.keyboard.type(to);
  await expect(textBox(page)).toContainText(to);
  // The save bar says so until this save is stored; the "Saved" status of an earlier save may still be showing.
  const unsaved = page.getByText('Unsaved changes', { exact: true });
  await expect(unsaved).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(unsaved).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /Saved/ })).toBeVisible();
}

/** Marks a feedback passage the way staff do: select it, "Ask readers", type the question. */
export async function askReaders(page: Page, passage: string, question: string): Promise<void> {
  await selectInText(page, passage);
  await page.getByRole('button', { name: 'Ask readers about the selected passage' }).click();
  const panel = page.getByRole('group', { name: 'Ask readers' });
  await expect(panel.getByText(passage)).toBeVisible();
  await panel.getByLabel('Question for readers').fill(question);
  await panel.getByRole('button', { name: 'Add feedback point' }).click();
}

/** datetime-local value for `at` in the browser's time zone, minutes precision (the editor sends its offset along). */
export async function localInput(page: Page, at: Date): Promise<string> {
  return page.evaluate((ms) => {
    const d = new Date(ms);
    return new Date(ms - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, at.getTime());
}

/** Writes a new article in the editor (a signed-in staff page) and schedules it for `at`, whole minutes. */
export async function scheduleArticle(
  page: Page,
  a: { title: string; slug: string; standfirst: string; text: string; section: string; at: Date },
): Promise<void> {
  await page.goto('/admin/articles/new');
  await field(page, 'Title').fill(a.title);
  await field(page, 'Slug').fill(a.slug);
  await field(page, 'Standfirst').fill(a.standfirst);
  await writeText(page, a.text);
  await field(page, 'Section').selectOption({ label: a.section });
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/, { timeout: 30_000 });
  await field(page, 'Status').selectOption('scheduled');
  await field(page, 'Publish at').fill(await localInput(page, a.at));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved and scheduled' })).toBeVisible({ timeout: 30_000 });
}
