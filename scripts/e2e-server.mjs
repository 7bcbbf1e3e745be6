// Starts the built app for the e2e run on a fresh database: a new PGlite directory, or (with
// DATABASE_URL) the test server's schema dropped and re-created. Then migrations + demo seed, then
// `next start`. Used as Playwright's webServer.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const port = process.env.PORT || '3200';
const env = { ...process.env, NODE_ENV: 'production', AUTH_TRUST_HOST: 'true' };
env.AUTH_SECRET ||= 'e2e-secret-e2e-secret-e2e-secret-e2e';
env.BROADSHEET_E2E = '1';
// The e2e suite plays a trusted proxy: tests may set X-Real-IP to act from another client address.
env.TRUSTED_IP_HEADERS ||= 'x-real-ip';
env.DB_QUERY_STATS = '1';

if (env.DATABASE_URL) {
  const r = spawnSync('node', ['scripts/reset-db.mjs'], { env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
} else {
  env.DATA_DIR = path.resolve(`.data-e2e-${port}`);
  fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
}

const seed = spawnSync('node_modules/.bin/tsx', ['db/cli/seed.ts'], { env, stdio: 'inherit' });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const child = spawn('node_modules/.bin/next', ['start', '-p', port, '-H', '127.0.0.1'], { env, stdio: 'inherit' });
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
