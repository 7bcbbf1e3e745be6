#!/usr/bin/env node
// `npm test`: every test, failing loudly, with what is independent run side by side.
//   1. type check              tsc --noEmit
//   2. at the same time:       vitest on PGlite | vitest on the Postgres server in TEST_DATABASE_URL (if set) | next build
//   3. at the same time:       Playwright in Chromium against `next start` on PGlite | the same on the server (if set)
// Each parallel job's output is prefixed with its label. The e2e step needs a Chromium (system or
// Playwright's): without one it fails, it never skips. Closing line: "N passed, N failed" over every test run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { findChromium } from './find-browser.mjs';

const serverUrl = process.env.TEST_DATABASE_URL;
const only = process.env.TEST_ONLY; // e.g. "unit" or "e2e", for local iteration
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
const totals = { passed: 0, failed: 0 };
const failures = [];
const started = Date.now();
const bin = (name) => path.join('node_modules', '.bin', name);

/** Runs one command, its output prefixed with the label; resolves to true when it exits 0. */
function run(label, cmd, args, env = {}) {
  console.log(`=== ${label}: started ===`);
  const t = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${label}] ${line}`));
    }
    child.on('close', (code) => {
      const secs = ((Date.now() - t) / 1000).toFixed(0);
      console.log(`=== ${label}: ${code === 0 ? 'ok' : 'FAILED'} (${secs}s) ===`);
      if (code !== 0) failures.push(label);
      resolve(code === 0);
    });
  });
}

function countVitest(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    totals.passed += j.numPassedTests;
    // A test file that fails to load fails no single test but must count.
    totals.failed += j.numFailedTests + (j.numFailedTests ? 0 : (j.numFailedTestSuites ?? 0));
  } catch {
    totals.failed += 1;
  }
}

function countPlaywright(file, ok) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    totals.passed += (j.stats.expected ?? 0) + (j.stats.flaky ?? 0);
    const failed = j.stats.unexpected ?? 0;
    // A run that failed before any test (e.g. the server could not start) still counts as a failure.
    totals.failed += failed || (ok ? 0 : 1);
  } catch {
    totals.failed += 1;
  }
}

async function vitest(label, file, env) {
  await run(label, bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${file}`], env);
  countVitest(file);
}

async function e2e(label, file, env) {
  const ok = await run(label, bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file, ...env });
  countPlaywright(file, ok);
}

const wantUnit = !only || only === 'unit';
const wantE2e = !only || only === 'e2e';

if (wantUnit && !(await run('type check', bin('tsc'), ['--noEmit']))) totals.failed += 1;

let browser;
if (wantE2e) {
  try {
    browser = findChromium();
    console.log(`Chromium for e2e: ${browser}`);
  } catch (err) {
    console.error(err.message);
    totals.failed += 1;
    failures.push('e2e: no browser');
  }
}

// Step 2: the two vitest runs and the build share nothing (each vitest file opens its own database).
const step2 = [];
let built = Promise.resolve(false);
if (wantUnit) {
  step2.push(vitest('vitest PGlite', path.join(tmp, 'vitest-pglite.json'), { TEST_DATABASE_URL: '' }));
  if (serverUrl) {
    step2.push(
      run('reset test database', 'node', ['scripts/reset-db.mjs'], { DATABASE_URL: serverUrl }).then(() =>
        vitest('vitest server', path.join(tmp, 'vitest-server.json'), { TEST_DATABASE_URL: serverUrl }),
      ),
    );
  }
}
if (browser) {
  built = run('build', bin('next'), ['build']);
  step2.push(built);
}
await Promise.all(step2);

// Step 3: the two e2e runs use the same build, with their own ports, mail servers and databases.
if (browser) {
  if (await built) {
    const step3 = [
      e2e('e2e PGlite', path.join(tmp, 'e2e-pglite.json'), {
        DATABASE_URL: '',
        E2E_PORT: '3200',
        E2E_SMTP_PORT: '2626',
        E2E_INBOX_PORT: '2627',
      }),
    ];
    if (serverUrl) {
      step3.push(
        e2e('e2e server', path.join(tmp, 'e2e-server.json'), {
          DATABASE_URL: serverUrl,
          E2E_PORT: '3300',
          E2E_SMTP_PORT: '2726',
          E2E_INBOX_PORT: '2727',
        }),
      );
    }
    await Promise.all(step3);
  } else {
    totals.failed += 1;
  }
}

const mins = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nnpm test finished in ${mins} min${failures.length ? `; failed steps: ${failures.join(', ')}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length || totals.failed ? 1 : 0);
