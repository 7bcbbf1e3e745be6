/**
 * The e2e specs' `test` and `expect`: Playwright's, extended with
 *   asUser(email | null, options)  a page in a browser context of its own, signed in through the real form
 *                                  (null: anonymous); every context it opened is closed when the test ends.
 *   clock                          the server's clock (support/clock.ts), to reach a time without waiting.
 * Page objects live in support/pages/ (signin, comments, article, article-editor, mailbox, a11y); who a spec
 * acts as in support/accounts.ts.
 */
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { ServerClock } from './clock';
import { signIn } from './pages/signin';

export type UserPageOptions = {
  /** Where to land after signing in (default "/"). */
  next?: string;
  password?: string;
  /** false: a browser that runs no JavaScript. */
  javaScript?: boolean;
  /** Extra request headers, e.g. X-Real-IP to act from another client address. */
  headers?: Record<string, string>;
  viewport?: { width: number; height: number };
};

export type AsUser = (email: string | null, options?: UserPageOptions) => Promise<Page>;

export const test = base.extend<{ asUser: AsUser; clock: ServerClock }>({
  asUser: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (email, options = {}) => {
      const context = await browser.newContext({
        javaScriptEnabled: options.javaScript ?? true,
        extraHTTPHeaders: options.headers,
        ...(options.viewport ? { viewport: options.viewport } : {}),
      });
      contexts.push(context);
      const page = await context.newPage();
      if (email) await signIn(page, email, options.password, options.next);
      return page;
    });
    await Promise.all(contexts.map((c) => c.close()));
  },
  clock: async ({ request }, provide) => {
    await provide(new ServerClock(request));
  },
});

export { expect } from '@playwright/test';
export type { APIRequestContext, APIResponse, Browser, BrowserContext, Locator, Page } from '@playwright/test';
