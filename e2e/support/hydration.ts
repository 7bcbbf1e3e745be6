import type { Page, Response } from '@playwright/test';

/**
 * Every page's header asks GET /api/viewer who is reading, from an effect: once per page view (and again
 * after a client-side navigation), so its answer says the page has hydrated. A visible event to wait on,
 * where "the network is idle" would also wait for images, prefetches and never for an open event stream.
 */
export const isViewerAnswer = (r: Response) => new URL(r.url()).pathname === '/api/viewer';

/** Waits for the next /api/viewer answer: start it before the navigation that causes it. */
export function viewerAnswered(page: Page): Promise<Response> {
  return page.waitForResponse(isViewerAnswer);
}

/** Opens `path` and returns once the page has hydrated (its /api/viewer answer has arrived). */
export async function gotoHydrated(page: Page, path: string) {
  const hydrated = viewerAnswered(page);
  const res = await page.goto(path);
  await hydrated;
  return res;
}
