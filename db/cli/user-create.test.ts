import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the real CLI (`npm run user:create`) as a child process against a throwaway PGlite directory, or the
// test server in TEST_DATABASE_URL. It must never wait for standard input.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-create-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: path.join(dir, 'pglite'), DATA_DIR: dir, NODE_ENV: 'production' };
  // On the server: this file's own copy of the template database (vitest.setup.ts).
  if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  else delete env.DATABASE_URL;
  const r = spawnSync('node_modules/.bin/tsx', ['db/cli/user-create.ts', ...args], { env, input: '', encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run user:create', { timeout: 150_000 }, () => {
  const email = `cli-${Date.now().toString(36)}@example.org`;

  it('creates a verified admin, prints what it did and a generated password', () => {
    const r = run('--email', email.toUpperCase(), '--role', 'admin', '--name', 'Chief');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(new RegExp(`Created admin account ${email.replace(/[.]/g, '\\.')} \\(@cli-`));
    expect(r.out).toMatch(/Password \(shown once; change it after signing in\): \S{16,}/);
  });

  it('changes the role of an existing account and says so', () => {
    const r = run('--email', email, '--role', 'editor', '--password', 'a-fresh-long-password');
    expect(r.status).toBe(0);
    expect(r.out).toContain('role admin -> editor, password changed; its sessions were ended.');
  });

  it('refuses bad input with a usage line and a non-zero exit', () => {
    for (const args of [
      ['--email', 'nope', '--role', 'admin'],
      ['--email', email, '--role', 'king'],
      ['--email', email, '--password', 'short'],
    ]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.out).toContain('Usage: npm run user:create');
    }
  });
});
