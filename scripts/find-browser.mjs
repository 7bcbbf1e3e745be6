// Finds a Chromium for Playwright: CHROMIUM_PATH, then the system's, then Playwright's own download.
// Throws (never skips) when there is none, saying how to get one.
import fs from 'node:fs';
import { chromium } from '@playwright/test';

export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ].filter(Boolean);
  for (const c of candidates) if (fs.existsSync(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return own;
  } catch {}
  throw new Error(
    'No Chromium found for the e2e tests. Install one (Debian: `apt-get install -y chromium`; ' +
      'elsewhere `npx playwright install chromium`) or set CHROMIUM_PATH.',
  );
}
