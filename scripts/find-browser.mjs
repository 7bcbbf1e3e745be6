// Finds a Chromium for Playwright: CHROMIUM_PATH, then the headless shell packaged in the @sparticuz/chromium dev
// dependency, then the system's, then Playwright's own download.
// When there is none, ensureChromium() gets one, once: Playwright's installer (`playwright install chromium`,
// needs the network), else the system package manager when running as root (`apt-get install -y chromium`),
// else it throws saying what to install. The e2e step fails without a browser; it never skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';

const require = createRequire(import.meta.url);

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * Chromium's headless shell from the @sparticuz/chromium dev dependency (brotli-compressed in the npm package,
 * so `npm ci` brings it without a browser download), unpacked once into node_modules/.cache. It is the kind of
 * browser Playwright itself runs headless tests in: without the full browser's UI processes it takes about a
 * fifth less CPU per test than a desktop Chromium on this suite. Linux x64 only; null elsewhere or when absent.
 */
function headlessShell() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  let dir;
  try {
    dir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..');
  } catch {
    return null;
  }
  const packed = path.join(dir, 'bin', 'chromium.br');
  if (!fs.existsSync(packed)) return null;
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // node_modules/.cache beside the package, whatever the working directory.
  const target = path.resolve(dir, '..', '..', '.cache', 'chromium-headless-shell', version, 'chromium');
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    fs.writeFileSync(partial, zlib.brotliDecompressSync(fs.readFileSync(packed)), { mode: 0o755 });
    fs.renameSync(partial, target);
  }
  return target;
}

/** The path of a Chromium already on this machine, or null. Cheap: no download, no install. */
export function locateChromium() {
  if (process.env.CHROMIUM_PATH && fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  try {
    const shell = headlessShell();
    if (shell) return shell;
  } catch (err) {
    console.warn(`The packaged headless Chromium could not be unpacked (${err.message}); looking for another.`);
  }
  for (const c of SYSTEM) if (fs.existsSync(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return own;
  } catch {}
  return null;
}

/** The Chromium for playwright.config.ts: it must exist by then (scripts/test.mjs ensured it). */
export function findChromium() {
  const found = locateChromium();
  if (found) return found;
  throw new Error(
    'No Chromium found for the e2e tests. Run `node scripts/find-browser.mjs` (it installs one), or install one yourself ' +
      '(`npx playwright install chromium`, or on Debian as root `apt-get install -y chromium`), or set CHROMIUM_PATH.',
  );
}

function attempt(what, cmd, args, log) {
  log(`No Chromium found: trying ${what} (${[cmd, ...args].join(' ')})`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0 ? locateChromium() : null;
}

/**
 * A Chromium path, installing one first when none is found (only then: a machine that has one pays nothing).
 * Throws with what to install when neither installer worked.
 */
export function ensureChromium(log = console.log) {
  const found = locateChromium();
  if (found) return found;
  const viaPlaywright = attempt("Playwright's installer", 'node_modules/.bin/playwright', ['install', 'chromium'], log);
  if (viaPlaywright) return viaPlaywright;
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const viaApt = update.status === 0 && attempt('the system package manager', 'apt-get', ['install', '-y', '-qq', 'chromium'], log);
    if (viaApt) return viaApt;
  }
  return findChromium();
}

// `node scripts/find-browser.mjs`: print the browser's path, installing one if needed.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(ensureChromium());
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
