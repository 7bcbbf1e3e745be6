#!/usr/bin/env node
// `npm test`: every test, in order, failing loudly.
//   1. type check            tsc --noEmit
//   2. unit + integration    vitest on PGlite, then on the Postgres server in TEST_DATABASE_URL (if set)
//   3. build                 next build
//   4. e2e                   Playwright in Chromium against `next start` on PGlite, then on the server (if set)
// The e2e step needs a Chromium (system or Playwright's): without one it fails, it never skips.
// Closing line: "N passed, N failed" over every test run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium } from './find-browser.mjs';

const serverUrl = process.env.TEST_DATABASE_URL;
const only = process.env.TEST_ONLY; // e.g. "unit" or "e2e", for local iteration
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-test-'));
const totals = { passed: 0, failed: 0 };
const failures = [];
const started = Date.now();

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t) / 1000).toFixed(0);
  console.log(`=== ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} (${secs}s) ===`);
  if (r.status !== 0) failures.push(label);
  return r.status === 0;
}

function countVitest(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    totals.passed += j.numPassedTests;
    // A test file that fails to load fails no single test but must count.
    totals.failed += j.numFailedTests + (j.numFailedTests ? 0 : j.numFailedTestSuites ?? 0);
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

const bin = (name) => path.join('node_modules', '.bin', name);

if (!only || only === 'unit') {
  run('type check', bin('tsc'), ['--noEmit']) || (totals.failed += 1);

  const v1 = path.join(tmp, 'vitest-pglite.json');
  run('unit + integration (PGlite)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${v1}`],
    { TEST_DATABASE_URL: '' });
  countVitest(v1);

  if (serverUrl) {
    run('reset test database', 'node', ['scripts/reset-db.mjs'], { DATABASE_URL: serverUrl });
    const v2 = path.join(tmp, 'vitest-server.json');
    run('unit + integration (Postgres server)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${v2}`],
      { TEST_DATABASE_URL: serverUrl });
    countVitest(v2);
  }
}

if (!only || only === 'e2e') {
  let browser;
  try {
    browser = findChromium();
    console.log(`\nChromium for e2e: ${browser}`);
  } catch (err) {
    console.error(`\n${err.message}`);
    totals.failed += 1;
    failures.push('e2e: no browser');
  }
  if (browser && run('build', bin('next'), ['build'])) {
    const e1 = path.join(tmp, 'e2e-pglite.json');
    const ok1 = run('e2e (PGlite)', bin('playwright'), ['test', '--reporter=list,json'],
      { PLAYWRIGHT_JSON_OUTPUT_NAME: e1, DATABASE_URL: '' });
    countPlaywright(e1, ok1);
    if (serverUrl) {
      const e2 = path.join(tmp, 'e2e-server.json');
      const ok2 = run('e2e (Postgres server)', bin('playwright'), ['test', '--reporter=list,json'],
        { PLAYWRIGHT_JSON_OUTPUT_NAME: e2, DATABASE_URL: serverUrl });
      countPlaywright(e2, ok2);
    }
  } else if (browser) {
    totals.failed += 1;
  }
}

const mins = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nnpm test finished in ${mins} min${failures.length ? `; failed steps: ${failures.join(', ')}` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failures.length || totals.failed ? 1 : 0);
