import { expect, type Page } from '@playwright/test';

/** Every seeded demo account shares this password. */
export const DEMO_PASSWORD = 'broadsheet-demo-2026';

export const DEMO = {
  admin: { email: 'admin@broadsheet.test', password: DEMO_PASSWORD },
  editor: { email: 'editor@broadsheet.test', password: DEMO_PASSWORD },
  moderator: { email: 'moderator@broadsheet.test', password: DEMO_PASSWORD },
  author: { email: 'author@broadsheet.test', password: DEMO_PASSWORD },
  reader: { email: 'reader@broadsheet.test', password: DEMO_PASSWORD },
  reader2: { email: 'reader2@broadsheet.test', password: DEMO_PASSWORD },
  troll: { email: 'troll@broadsheet.test', password: DEMO_PASSWORD },
} as const;

/**
 * Signs in through the real form at /signin and waits until the app has left the sign-in page.
 * `next` is where to land afterwards (a same-site path, default "/").
 */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD, next = '/'): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/signin(\?|$)/, { timeout: 20_000 });
}

/** Signs out through the user menu's sign-out form. */
export async function signOut(page: Page): Promise<void> {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
  // The menu forgets the reader at once; the session is over once the action has answered with its redirect.
  await page.waitForURL((u) => u.pathname === '/');
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}
