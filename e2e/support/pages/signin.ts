/** Page object for the account forms: sign-up, sign-in (password) and sign-out, driven as a reader would. */
import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, type NewUser } from '../accounts';

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

/** Submits the sign-in form without waiting for any outcome (for refusals and throttling). */
export async function trySignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs out through the user menu's sign-out form. */
export async function signOut(page: Page): Promise<void> {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
  // The menu forgets the reader at once; the session is over once the action has answered with its redirect.
  await page.waitForURL((u) => u.pathname === '/');
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}

/** Fills and submits the sign-up form (missing fields left empty), without waiting for the answer. */
export async function fillSignUp(page: Page, u: Partial<NewUser>): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Email', { exact: true }).fill(u.email ?? '');
  await page.getByLabel('Display name').fill(u.name ?? '');
  await page.getByLabel('Handle').fill(u.handle ?? '');
  await page.getByLabel('Password', { exact: true }).fill(u.password ?? '');
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs up a new (unverified) account and waits for the "we sent a message" answer. */
export async function signUp(page: Page, u: NewUser): Promise<void> {
  await fillSignUp(page, u);
  await expect(page.getByRole('status')).toContainText(`We sent a message to ${u.email}`);
}
