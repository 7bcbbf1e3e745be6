/**
 * Starts the built app (`node server.mjs`, as `npm start` does, run directly so that a signal reaches it) on its own
 * port with its own environment, for tests that stop databases or send signals. Its output is collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A port for a test's own server, next to the suite's (E2E_PORT): the PGlite and Postgres-server suites run
 * side by side with different E2E_PORTs, so their extra servers must not collide either.
 * Offsets in use: 2, 3, 5 (platform, database-restart), 7 (site-url), 20-23 (backup), 50-54 (cluster), 60-61
 * (edge), 2300, 2305 (throwaway Postgres clusters). Mind the default suite ports 3200/3300: offset 6 lands on
 * 3306, MariaDB's, and 100 on the other suite's own port.
 */
export function sparePort(offset: number): number {
  return Number(process.env.E2E_PORT || 3200) + offset;
}

export type Server = { proc: ChildProcess; url: string; output(): string; exited: Promise<number | null>; kill(): void };

export async function startServer(port: number, env: Record<string, string>, readyPath = '/api/health'): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      AUTH_TRUST_HOST: 'true',
      AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
      SITE_URL: url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const server: Server = { proc, url, output: () => out, exited, kill: () => void (proc.exitCode === null && proc.kill('SIGKILL')) };
  // Ready when Next says so (an event, not a poll); the 90 s are only an upper bound.
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`next start on ${port} not ready in 90 s`)), 90_000);
      const check = () => {
        if (/Ready in/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', check);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`next start exited (${code})`));
      });
    });
    const res = await fetch(url + readyPath);
    if (!res.ok) throw new Error(`${readyPath} answered ${res.status}`);
  } catch (err) {
    server.kill();
    throw new Error(`${(err as Error).message}:\n${out}`);
  }
  return server;
}
