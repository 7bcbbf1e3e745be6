#!/usr/bin/env node
// `npm run demo`: build (when needed), migrate + seed the embedded database under .data/, then serve
// the site on http://localhost:3000 (PORT to change). With DATABASE_URL set it uses that server instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const env = { ...process.env, NODE_ENV: 'production', AUTH_TRUST_HOST: 'true' };
env.AUTH_SECRET ||= 'demo-only-secret-change-me-in-production-000';
env.SITE_URL ||= `http://localhost:${env.PORT || 3000}`;

function step(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!fs.existsSync('.next/BUILD_ID') || process.argv.includes('--rebuild')) step('node_modules/.bin/next', ['build']);
step('node_modules/.bin/tsx', ['db/cli/seed.ts']);
const child = spawn(process.execPath, ['server.mjs', '-p', env.PORT || '3000'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
