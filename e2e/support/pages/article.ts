/** Page object for the public pages a reader browses: links to follow, and the phone-width layout check. */
import { expect, type Page } from '@playwright/test';

/** The href of the first element matching `selector` on the current page. */
export async function firstHref(page: Page, selector: string): Promise<string> {
  const href = await page.locator(selector).first().getAttribute('href');
  expect(href, selector).toBeTruthy();
  return href!;
}

/** The page fits a 375 px phone: nothing wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(inner + 1);
}
