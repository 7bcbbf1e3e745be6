/**
 * A throwaway Varnish for the edge e2e spec and `npm run bench`: the machine's `varnishd` in the foreground
 * (-F) with its own working directory, in front of an app on `backendPort`, with the shipped VCL
 * (deploy/varnish/broadsheet.vcl, only its backend address changed) or another VCL text. Fails loudly when
 * varnishd or vmod xkey is missing (Debian: apt-get install -y varnish varnish-modules; .ci/run does it).
 *
 *   node scripts/varnish.mjs <port> <backendPort>   runs one until stopped (Ctrl-C)
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const VCL_PATH = path.resolve(import.meta.dirname, '../deploy/varnish/broadsheet.vcl');

/** The varnishd binary, or throws saying how to install it. */
export function findVarnishd() {
  for (const bin of ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd']) if (fs.existsSync(bin)) return bin;
  const r = spawnSync('sh', ['-c', 'command -v varnishd'], { encoding: 'utf8' });
  const bin = r.stdout.trim();
  if (r.status !== 0 || !bin) {
    throw new Error(
      'varnishd not found: install Varnish and its modules (Debian: apt-get install -y varnish varnish-modules) to run the edge tests (e2e/edge.spec.ts) and the edge benchmark.',
    );
  }
  return bin;
}

/** The shipped VCL with its backend pointed at `host:port`. */
export function vclFor(backendPort, host = '127.0.0.1', text = fs.readFileSync(VCL_PATH, 'utf8')) {
  return text.replace(/(backend broadsheet \{[^}]*?\.host = )"[^"]*";(\s*\.port = )"[^"]*";/, `$1"${host}";$2"${backendPort}";`);
}

/**
 * Starts varnishd on 127.0.0.1:`port`; resolves once it answers. `vcl`: the VCL text (default: the shipped
 * one pointed at `backendPort`).
 * @param {{ port: number, backendPort?: number, vcl?: string, storage?: string, params?: string[] }} opts
 */
export async function startVarnish({ port, backendPort, vcl, storage = 'malloc,256m', params = [] }) {
  const bin = findVarnishd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-varnish-'));
  fs.chmodSync(dir, 0o755);
  const vclFile = path.join(dir, 'broadsheet.vcl');
  fs.writeFileSync(vclFile, vcl ?? vclFor(backendPort ?? 3000));
  const args = ['-F', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${port}`, '-f', vclFile, '-s', storage, '-T', 'none'];
  // Running as root, varnishd would switch to its own user, which may not read this directory: stay as is.
  if (process.getuid?.() === 0) args.push('-j', 'none');
  for (const p of params) args.push('-p', p);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`varnishd exited at start:\n${output}`);
    const ok = await fetch(`${url}/.varnish/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`varnishd on ${port} not ready in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: child.pid,
    output: () => output,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [port, backendPort] = process.argv.slice(2).map(Number);
  if (!port || !backendPort) {
    console.error('usage: node scripts/varnish.mjs <port> <backendPort>');
    process.exit(2);
  }
  const v = await startVarnish({ port, backendPort });
  console.log(`Varnish on ${v.url} in front of 127.0.0.1:${backendPort} (Ctrl-C stops it)`);
  const stop = () => v.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
