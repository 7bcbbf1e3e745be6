import type { Locator } from '@playwright/test';

/** Selects `passage` inside `root` with the DOM selection a drag would make. */
export async function selectText(root: Locator, passage: string): Promise<void> {
  await root.evaluate((el, p) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(p);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + p.length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error(`"${p}" is not in the text`);
  }, passage);
}
