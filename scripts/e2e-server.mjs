// Starts the built app for the e2e run on a fresh database: a new PGlite directory, or (with
// DATABASE_URL) a database of its own on that server, `<name>_e2e`, dropped and created anew (the database
// named in DATABASE_URL itself is left alone). Then migrations + demo seed, then `node server.mjs` (`npm start`). Used as
// Playwright's webServer.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

const port = process.env.PORT || '3200';
const env = { ...process.env, NODE_ENV: 'production', AUTH_TRUST_HOST: 'true' };
env.AUTH_SECRET ||= 'e2e-secret-e2e-secret-e2e-secret-e2e';
env.BROADSHEET_E2E = '1';
// The e2e suite plays a trusted proxy: tests may set X-Real-IP to act from another client address.
env.TRUSTED_IP_HEADERS ||= 'x-real-ip';
env.DB_QUERY_STATS = '1';

if (env.DATABASE_URL) {
  const url = new URL(env.DATABASE_URL);
  const name = `${decodeURIComponent(url.pathname.slice(1))}_e2e`;
  const ident = `"${name.replace(/"/g, '""')}"`;
  url.pathname = '/postgres';
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${ident} with (force)`);
  await sql.unsafe(`create database ${ident}`);
  await sql.end();
  url.pathname = `/${encodeURIComponent(name)}`;
  env.DATABASE_URL = url.toString();
  console.log(`e2e database: ${name}`);
} else {
  env.DATA_DIR = path.resolve(`.data-e2e-${port}`);
  fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
}

const seed = spawnSync('node_modules/.bin/tsx', ['db/cli/seed.ts'], { env, stdio: 'inherit' });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const child = spawn(process.execPath, ['server.mjs', '-p', port, '-H', '127.0.0.1'], { env, stdio: 'inherit' });
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
