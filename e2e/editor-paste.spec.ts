import { expect, test } from './support/fixtures';
import { DEMO } from './support/accounts';
import { signIn } from './support/pages/signin';

/**
 * Paste from Word and Google Docs in a real browser: the clipboard's text/html goes through the editor's
 * own paste handling (a ClipboardEvent with a DataTransfer, as the browser fires on Ctrl+V); headings,
 * bold, italics, links and lists are kept, the office markup around them is dropped, in the editor and on
 * the published page.
 */

const stamp = Date.now().toString(36);

// What Word puts on the clipboard: conditional comments, XML islands, mso styles, <o:p> and class="MsoNormal".
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0cm;font-family:Calibri}</style></head><body>
<!--StartFragment--><h1 style="mso-style-name:Heading1"><span lang="EN-GB" style="font-size:16pt">Harbour report ${stamp}</span></h1>
<p class="MsoNormal" style="margin:0cm"><span style="font-family:Calibri">The board met on <b>Tuesday</b> and <i>agreed</i> the plan.<o:p></o:p></span></p>
<ul style="margin-top:0cm"><li class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><span>Dredging in spring</span></li><li class="MsoListParagraph"><span>New lights</span></li></ul>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]--><!--EndFragment--></body></html>`;

// What Google Docs puts there: everything inside <b style="font-weight:normal" id="docs-internal-guid-…">.
const DOCS =
  `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c"><p dir="ltr" style="line-height:1.38;margin-top:0pt">` +
  `<span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:700">Read</span><span style="font-size:11pt;font-family:Arial"> the </span>` +
  `<a href="https://example.org/harbour" style="text-decoration:none"><span style="color:#1155cc;text-decoration:underline">full minutes</span></a></p></b>`;

test('paste from Word and Google Docs keeps the structure and drops the junk', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, DEMO.editor.email, undefined, '/admin/articles/new');
  await page.goto('/admin/articles/new');
  await page.getByLabel('Title', { exact: true }).filter({ visible: true }).fill(`Pasted piece ${stamp}`);
  const text = page.getByRole('textbox', { name: 'Article text', exact: true }).filter({ visible: true });
  await text.click();
  for (const html of [WORD, DOCS]) {
    // The caret leaves the list the Word paste ended in (Enter on an empty item), as a writer would.
    if (html === DOCS) for (let i = 0; i < 2; i++) await page.keyboard.press('Enter');
    await text.evaluate((el, h) => {
      const data = new DataTransfer();
      data.setData('text/html', h);
      data.setData('text/plain', h.replace(/<[^>]+>/g, ''));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, html);
  }

  // In the editor: the structure, and none of the office markup.
  await expect(text.getByRole('heading', { name: `Harbour report ${stamp}` })).toBeVisible();
  await expect(text.locator('strong', { hasText: 'Tuesday' })).toBeVisible();
  await expect(text.locator('em', { hasText: 'agreed' })).toBeVisible();
  await expect(text.getByRole('listitem')).toHaveText(['Dredging in spring', 'New lights']);
  await expect(text.getByRole('link', { name: 'full minutes' })).toHaveAttribute('href', 'https://example.org/harbour');
  await expect(text.locator('strong', { hasText: 'Read' })).toBeVisible();
  // Google Docs' wrapper <b style="font-weight:normal"> is not bold text.
  await expect(text.locator('strong', { hasText: 'the full minutes' })).toHaveCount(0);
  const inner = await text.innerHTML();
  expect(inner).not.toMatch(/MsoNormal|mso-|<o:p|style=|docs-internal|font-family|WordDocument/);
  await expect(text).not.toContainText('Normal');

  await page.getByLabel('Status', { exact: true }).filter({ visible: true }).selectOption('published');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/admin\/articles\/[\w-]+\?saved=created/);

  // The published page has the same structure and no junk.
  await page.goto(`/article/pasted-piece-${stamp}`);
  const body = page.locator('[data-article-body]');
  await expect(body.getByRole('heading', { level: 2, name: `Harbour report ${stamp}` })).toBeVisible();
  await expect(body.getByRole('listitem')).toHaveText(['Dredging in spring', 'New lights']);
  await expect(body.getByRole('link', { name: 'full minutes' })).toHaveAttribute('href', 'https://example.org/harbour');
  expect(await body.innerHTML()).not.toMatch(/MsoNormal|mso-|<o:p|style=|docs-internal|font-family/);
  await page.context().close();
});
