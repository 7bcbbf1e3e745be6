import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator } from './support/fixtures';
import { DEMO, RESERVED } from './support/accounts';
import { retype, textBox } from './support/pages/article-editor';
import { selectText as select } from './support/selection';

/**
 * Inline comments, end to end: a reader selects a passage and comments beside it; the passage is
 * highlighted with a count; the count leads to the comment and the comment back to the passage; an
 * editor's one-word edit next to the passage keeps it attached, deleting the passage detaches it.
 */

const stamp = Date.now().toString(36);
const TITLE = `Ferry timetable changes ${stamp}`;
const SLUG = `ferry-timetable-changes-${stamp}`;
const PASSAGE = 'the morning ferry will leave twenty minutes earlier';
const FIRST = `From next month ${PASSAGE} than it does today.`;
const SECOND = 'Commuters were not asked before the change was made.';

test('a reader comments beside a passage; highlight and comment link both ways; edits keep it, deleting it detaches', async ({
  asUser,
}) => {
  test.setTimeout(240_000);
  const editor = await asUser(DEMO.editor.email, { next: '/admin/articles/new' });
  await editor.goto('/admin/articles/new');
  await editor.getByLabel('Title', { exact: true }).filter({ visible: true }).fill(TITLE);
  await textBox(editor).click();
  await editor.keyboard.type(`${FIRST}\n${SECOND}`);
  await editor.getByLabel('Status', { exact: true }).filter({ visible: true }).selectOption('published');
  await editor.getByRole('button', { name: 'Create draft' }).click();
  await expect(editor).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/);

  // The reader selects the passage: the button, then the form, open right under its paragraph.
  const reader = await asUser(RESERVED.inline, { next: `/article/${SLUG}` });
  await reader.goto(`/article/${SLUG}`);
  const body = reader.locator('[data-article-body]');
  await select(body, PASSAGE);
  const button = reader.getByRole('button', { name: 'Comment on this passage' });
  await expect(button).toBeVisible();
  const paragraph = body.locator('p', { hasText: 'From next month' });
  const below = async (el: Locator) => {
    const [p, b] = [await paragraph.boundingBox(), await el.boundingBox()];
    return b!.y - (p!.y + p!.height);
  };
  expect(await below(button)).toBeGreaterThanOrEqual(0);
  expect(await below(button)).toBeLessThan(80);
  await button.click();
  const box = reader.getByLabel('Your comment on this passage');
  await expect(box).toBeFocused();
  expect(await below(box)).toBeLessThan(200);
  await box.fill(`Earlier ferries ${stamp} mean I miss my connection.`);
  await reader.getByRole('region', { name: 'Comment on a passage' }).getByRole('button', { name: 'Post comment' }).click();
  await expect(reader).toHaveURL(/\/comments\/\d+/, { timeout: 20_000 });
  const id = Number(/\/comments\/(\d+)/.exec(reader.url())![1]);
  await expect(reader.getByRole('note').filter({ hasText: 'detached' })).toHaveCount(0);

  // The article highlights the passage with a count; Enter on the count jumps to the comment...
  await reader.goto(`/article/${SLUG}`);
  const mark = body.locator('mark.comment-passage');
  await expect(mark).toHaveText(PASSAGE);
  const count = body.getByRole('link', { name: `1 comment on the passage “${PASSAGE}”` });
  await expect(count).toHaveText('💬 1');
  await count.focus();
  await reader.keyboard.press('Enter');
  await expect(reader).toHaveURL(new RegExp(`#comment-${id}$`));
  const comment = reader.locator(`#comment-${id}`);
  await expect(comment).toBeInViewport();
  // ...and the comment's quote leads back to the passage, which is marked and in view.
  await comment.getByRole('link', { name: /^Show the passage in the article/ }).click();
  await expect(reader).toHaveURL(new RegExp(`#passage-c${id}$`));
  await expect(mark).toHaveClass(/is-target/);
  await expect(mark).toBeInViewport();
  await expect(count).toBeFocused();

  // At 375 px the highlight and its count fit the screen; the highlighted article passes axe.
  await reader.setViewportSize({ width: 375, height: 800 });
  await expect(count).toBeInViewport();
  expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const { violations } = await new AxeBuilder({ page: reader }).include('[data-article-body]').analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The editor changes one word right next to the passage: still attached, still highlighted.
  await editor.reload();
  await retype(editor, 'next', 'coming');
  await expect(async () => {
    await reader.goto(`/article/${SLUG}`);
    await expect(body).toContainText('From coming month', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(mark).toHaveText(PASSAGE);
  await reader.goto(`/article/${SLUG}/comments/${id}`);
  await expect(reader.locator(`#comment-${id}`)).toBeVisible();
  await expect(reader.getByRole('note').filter({ hasText: 'detached' })).toHaveCount(0);

  // The editor deletes the passage: the permalink says the comment is detached, the article marks nothing.
  await retype(editor, `${PASSAGE} than it does today.`, 'the timetable stays as it is.');
  await expect(async () => {
    await reader.goto(`/article/${SLUG}/comments/${id}`);
    await expect(reader.getByRole('note')).toHaveText(/This comment is detached/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(reader.locator(`#comment-${id}`)).toContainText('(passage no longer in the article)');
  await reader.goto(`/article/${SLUG}`);
  await expect(body).toContainText('the timetable stays as it is.');
  await expect(body.locator('mark.comment-passage')).toHaveCount(0);
  await editor.context().close();
  await reader.context().close();
});

test('a feedback passage marked in the editor stays marked after edits around and inside it', async ({ asUser }) => {
  test.setTimeout(120_000);
  const title = `Bridge repairs ${stamp}`;
  const passage = 'the bridge will close for six weeks';
  const editor = await asUser(DEMO.editor.email, { next: '/admin/articles/new' });
  await editor.goto('/admin/articles/new');
  await editor.getByLabel('Title', { exact: true }).filter({ visible: true }).fill(title);
  await textBox(editor).click();
  await editor.keyboard.type(`Engineers said ${passage} in the summer.\nA ferry will run instead.`);
  // Select the passage and ask readers about it.
  await select(textBox(editor), passage);
  await editor.getByRole('button', { name: 'Ask readers about the selected passage' }).click();
  const panel = editor.getByRole('group', { name: 'Ask readers' });
  await panel.getByLabel('Question for readers').fill('Will the closure affect you?');
  await panel.getByRole('button', { name: 'Add feedback point' }).click();
  await editor.getByLabel('Status', { exact: true }).filter({ visible: true }).selectOption('published');
  await editor.getByRole('button', { name: 'Create draft' }).click();
  await expect(editor).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/);

  // A word next to the passage, then one inside it: each save keeps the point on its passage.
  await retype(editor, 'Engineers said', 'Engineers confirmed');
  await retype(editor, 'six weeks', 'seven weeks');
  const reader = await asUser(null);
  await reader.goto(`/article/bridge-repairs-${stamp}`);
  await expect(reader.locator('[data-article-body]')).toContainText('Engineers confirmed');
  await expect(reader.locator('mark.feedback-passage')).toHaveText('the bridge will close for seven weeks');
  await expect(reader.getByText('Will the closure affect you?').first()).toBeVisible();
  await editor.context().close();
  await reader.context().close();
});
