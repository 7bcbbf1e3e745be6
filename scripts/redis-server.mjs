/**
 * A throwaway Redis for tests and `npm run cluster`: the machine's `redis-server` binary on its own port, no
 * persistence, stopped with stop(). Fails loudly when the binary is missing (CI installs redis-server).
 */
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

/** A port nobody listens on now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function findBinary() {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = r.stdout.trim();
  if (r.status !== 0 || !bin) {
    throw new Error(
      'redis-server not found on PATH: install it (Debian: apt-get install -y redis-server) to run the shared-cache tests and `npm run cluster`.',
    );
  }
  return bin;
}

/**
 * Starts redis-server on `port` (a free one when omitted); resolves once it accepts connections.
 * start() again after stop() brings it back on the same port, empty.
 * @param {number} [port]
 */
export async function startRedis(port) {
  const bin = findBinary();
  const p = port ?? (await freePort());
  /** @type {import('node:child_process').ChildProcess | null} */
  let proc = null;
  let output = '';
  const redis = {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    output: () => output,
    async start() {
      const child = spawn(bin, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc = child;
      let mine = '';
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`redis-server on ${p} not ready in 10 s:\n${output}`)), 10_000);
        child.stdout.on('data', (d) => {
          output += d;
          mine += d;
          if (/Ready to accept connections/.test(mine)) {
            clearTimeout(timer);
            resolve(undefined);
          }
        });
        child.stderr.on('data', (d) => (output += d));
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited (${code}):\n${output}`));
        });
      });
    },
    /** Freezes the server (SIGSTOP): connections stay open, nothing answers. resume() thaws it. */
    pause() {
      proc?.kill('SIGSTOP');
    },
    resume() {
      proc?.kill('SIGCONT');
    },
    /** Stops the server and waits for it to be gone. */
    async stop() {
      const child = proc;
      proc = null;
      if (!child || child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
  await redis.start();
  return redis;
}
