/**
 * A throwaway PostgreSQL server for tests that stop and start the database and for `npm run cluster` without
 * DATABASE_URL (never the machine's shared cluster): initdb into a temp dir, pg_ctl start/stop on its own port
 * with its socket in that dir. As root the server binaries refuse to run, so they run as the `postgres` user.
 * Fails loudly when the binaries are missing (CI installs postgresql).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function findBinDir() {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: install them (Debian: apt-get install -y postgresql).',
  );
}

/**
 * stop('immediate') is a crash as far as clients can tell: connections drop without a goodbye.
 * `settings` are extra server settings (`-c name=value`); `standbyOf` makes this server a streaming-replication
 * hot standby of that primary (pg_basebackup -R), read-only.
 * @param {number} port
 * @param {{ settings?: Record<string, string>, standbyOf?: { port: number } }} [opts]
 */
export function createCluster(port, opts = {}) {
  const bin = findBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  /** @param {string} tool @param {string[]} args */
  const run = (tool, args) => {
    const cmd = asRoot ? 'runuser' : path.join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
    const r = spawnSync(cmd, argv, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}${r.error ? r.error.message : ''}`);
  };
  const data = path.join(dir, 'data');
  if (opts.standbyOf) {
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(opts.standbyOf.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream']);
  } else {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  }
  const settings = Object.entries(opts.settings ?? {})
    .map(([k, v]) => ` -c ${k}=${v}`)
    .join('');
  const serverOpts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off${settings}`;
  let running = false;
  const cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start() {
      run('pg_ctl', ['-D', data, '-o', serverOpts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    /**
     * Stops and starts again, without blocking the caller (traffic goes on meanwhile): with 'fast', every open
     * connection gets 57P01 (admin_shutdown) first.
     * @param {'fast' | 'immediate'} mode
     * @returns {Promise<void>}
     */
    restart(mode = 'fast') {
      const args = ['-D', data, '-o', serverOpts, '-l', path.join(dir, 'server.log'), '-m', mode, '-w', '-t', '60', 'restart'];
      const cmd = asRoot ? 'runuser' : path.join(bin, 'pg_ctl');
      const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args] : args;
      return new Promise((resolve, reject) => {
        execFile(cmd, argv, { cwd: dir, timeout: 60_000 }, (err, _stdout, stderr) =>
          err ? reject(new Error(`pg_ctl restart failed: ${stderr || err.message}`)) : resolve(),
        );
      });
    },
    stop(/** @type {'fast' | 'immediate'} */ mode = 'fast') {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    destroy() {
      try {
        if (running) cluster.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
