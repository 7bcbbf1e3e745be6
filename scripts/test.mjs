#!/usr/bin/env node
// `npm test`: every check and test, failing loudly. Each step starts as soon as what it needs is there:
//   at once, side by side:   type check (tsc) | lint (ESLint) | format check (Prettier) | next build
//                            | vitest on PGlite | vitest on the Postgres server in TEST_DATABASE_URL (if set)
//   when the build is done:  Playwright against `next start` on PGlite | the same on the server (if set)
// (vitest copies a migrated template database per test file; no step waits for one it does not need.)
// Each job's output is prefixed with its label, and a table of step times closes the run. The e2e steps need a
// Chromium: when none is found one is installed (scripts/find-browser.mjs); without one they fail, never skip.
// Closing line: "N passed, N failed" over every test run (a failed check counts as one failure).
// tsc runs once: beside the build, which then skips its own type check (next.config.js); TEST_ONLY=e2e has no
// tsc step, so there the build type-checks.
// TEST_ONLY=unit (checks + vitest) or TEST_ONLY=e2e (build + Playwright) for local iteration.
// Ports: E2E_PORT / E2E_SMTP_PORT / E2E_INBOX_PORT / E2E_STRIPE_PORT for the PGlite suite, E2E_SERVER_PORT /
// E2E_SERVER_SMTP_PORT / E2E_SERVER_INBOX_PORT / E2E_SERVER_STRIPE_PORT for the server suite.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ensureChromium } from './find-browser.mjs';

const serverUrl = process.env.TEST_DATABASE_URL;
const only = process.env.TEST_ONLY;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
const totals = { passed: 0, failed: 0 };
const failures = [];
const timings = [];
const started = Date.now();
const bin = (name) => path.join('node_modules', '.bin', name);
const secs = (ms) => `${(ms / 1000).toFixed(0)} s`;

/** Runs one command, its output prefixed with the label; resolves to true when it exits 0. */
function run(label, cmd, args, env = {}) {
  const t = Date.now();
  console.log(`=== ${label}: started at +${secs(t - started)} ===`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${label}] ${line}`));
    }
    child.on('close', (code) => {
      const ok = code === 0;
      timings.push({ label, start: t - started, ms: Date.now() - t, ok });
      console.log(`=== ${label}: ${ok ? 'ok' : 'FAILED'} (${secs(Date.now() - t)}) ===`);
      if (!ok) failures.push(label);
      resolve(ok);
    });
  });
}

/** A check (tsc, lint, format) has no test count: a failure counts as one failed test. */
async function check(label, cmd, args) {
  if (!(await run(label, cmd, args))) totals.failed += 1;
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
    // Tests that did not run because a project they depend on failed count as failed, not as nothing.
    const failed = (j.stats.unexpected ?? 0) + (j.stats.skipped ?? 0);
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
const jobs = [];

let browser = null;
if (wantE2e) {
  try {
    browser = ensureChromium((m) => console.log(`[browser] ${m}`));
    console.log(`Chromium for e2e: ${browser}`);
  } catch (err) {
    console.error(err.message);
    totals.failed += 1;
    failures.push('e2e: no browser');
  }
}

// Workers: the two vitest runs share the cores (their CPU-heavy tests, password hashing, have time limits);
// so do the two e2e suites, which start once the build and both vitest runs are done (a browser test on an
// oversubscribed machine fails on its timeouts, not on the product). VITEST_WORKERS and E2E_WORKERS override.
const cores = os.availableParallelism();
const half = String(Math.max(1, Math.floor(cores / 2)));
const vitestWorkers = process.env.VITEST_WORKERS || (serverUrl ? half : String(cores));

const unitJobs = [];
if (wantUnit) {
  jobs.push(check('type check', bin('tsc'), ['--noEmit']));
  jobs.push(check('lint', bin('eslint'), ['.', '--max-warnings', '0']));
  jobs.push(check('format check', bin('prettier'), ['--check', '--log-level', 'warn', '.']));
  // Each vitest file opens its own copy of the template database, so the two runs share nothing.
  unitJobs.push(vitest('vitest PGlite', path.join(tmp, 'vitest-pglite.json'), { TEST_DATABASE_URL: '', VITEST_WORKERS: vitestWorkers }));
  if (serverUrl) {
    unitJobs.push(
      vitest('vitest server', path.join(tmp, 'vitest-server.json'), { TEST_DATABASE_URL: serverUrl, VITEST_WORKERS: vitestWorkers }),
    );
  }
  jobs.push(...unitJobs);
}

if (browser) {
  // tsc checks every file, tests included, beside the build: the build need not check them again (next.config.js).
  const build = run('build', bin('next'), ['build'], wantUnit ? { BUILD_TYPECHECKED_BY_TSC: '1' } : {});
  const built = Promise.all([build, ...unitJobs]).then(([ok]) => ok);
  // The two e2e runs use the same build, with their own ports, mail servers and databases.
  const suite = (label, file, env) =>
    built.then((ok) => {
      if (ok) return e2e(label, path.join(tmp, file), { CHROMIUM_PATH: browser, ...env });
      totals.failed += 1;
    });
  const e = process.env;
  jobs.push(
    suite('e2e PGlite', 'e2e-pglite.json', {
      DATABASE_URL: '',
      E2E_PORT: e.E2E_PORT || '3200',
      E2E_SMTP_PORT: e.E2E_SMTP_PORT || '2626',
      E2E_INBOX_PORT: e.E2E_INBOX_PORT || '2627',
      E2E_STRIPE_PORT: e.E2E_STRIPE_PORT || '2628',
      E2E_WORKERS: e.E2E_WORKERS || (serverUrl ? half : String(cores)),
    }),
  );
  if (serverUrl) {
    jobs.push(
      suite('e2e server', 'e2e-server.json', {
        DATABASE_URL: serverUrl,
        E2E_PORT: e.E2E_SERVER_PORT || '3300',
        E2E_SMTP_PORT: e.E2E_SERVER_SMTP_PORT || '2726',
        E2E_INBOX_PORT: e.E2E_SERVER_INBOX_PORT || '2727',
        E2E_STRIPE_PORT: e.E2E_SERVER_STRIPE_PORT || '2728',
        E2E_WORKERS: e.E2E_WORKERS || half,
      }),
    );
  }
}

await Promise.all(jobs);

console.log('\nstep                 start     took');
for (const t of timings.sort((a, b) => a.start - b.start)) {
  console.log(`${t.label.padEnd(20)} ${`+${secs(t.start)}`.padStart(6)} ${secs(t.ms).padStart(8)}${t.ok ? '' : '  FAILED'}`);
}
const mins = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nnpm test finished in ${mins} min${failures.length ? `; failed steps: ${failures.join(', ')}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length || totals.failed ? 1 : 0);
