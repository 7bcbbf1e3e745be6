import os from 'node:os';
import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './scripts/find-browser.mjs';
import { E2E_STRIPE_WEBHOOK_SECRET } from './e2e/support/stripe';

const port = Number(process.env.E2E_PORT || 3200);
const baseURL = `http://127.0.0.1:${port}`;
// The local Stripe (lib/testing/fake-stripe.ts) that e2e/global-setup.ts starts: online payments are on for
// the whole suite, so the pledge form offers "Pay now by card" beside its usual "Pledge" (e2e/payments.spec.ts).
const stripePort = Number(process.env.E2E_STRIPE_PORT || 2628);
const executablePath = findChromium();
// As many workers as the machine has cores (E2E_WORKERS overrides). Spec files run side by side; the tests of
// one file run in order in one worker. Tests tagged @solo read server-wide state (the SQL statement counter,
// what the shared cache holds) that any concurrent request would move: they run after the others, one at a time.
const workers = Number(process.env.E2E_WORKERS) || os.availableParallelism();

const launchOptions = {
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
};

export default defineConfig({
  testDir: './e2e',
  // One folder per suite: the PGlite and Postgres-server suites run side by side (scripts/test.mjs).
  outputDir: `test-results/e2e-${port}`,
  globalSetup: './e2e/global-setup.ts',
  // A ceiling, not a wait: the long journeys (sign-up to deletion, moderation to the audit log) take most of a
  // minute when two suites share two cores.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL,
    // Ceilings for one step, so a step that never ends (a page that never loads, an event stream that never
    // answers) fails there, with its own message, instead of using up the whole test timeout.
    navigationTimeout: 45_000,
    actionTimeout: 30_000,
    trace: process.env.E2E_TRACE === 'always' ? 'retain-on-failure' : 'on-first-retry',
    launchOptions,
  },
  projects: [
    { name: 'chromium', grepInvert: /@solo/, use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'solo', grep: /@solo/, dependencies: ['chromium'], workers: 1, use: { ...devices['Desktop Chrome'], launchOptions } },
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT || 2626}`,
      SITE_URL: baseURL,
      STRIPE_SECRET_KEY: 'sk_test_broadsheet_e2e',
      STRIPE_WEBHOOK_SECRET: E2E_STRIPE_WEBHOOK_SECRET,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(stripePort),
      STRIPE_API_PROTOCOL: 'http',
    },
  },
});
