/**
 * A PGlite data directory as a gzipped tar, streamed both ways with bounded memory.
 *
 * A persistent PGlite keeps its PGDATA in a real directory (its NodeFS is a pass-through to the host's files),
 * so once a CHECKPOINT has run and no statement can run (the caller holds PGlite's only session), the files
 * on disk are the database. This writes them as the same tar PGlite's own `dumpDataDir('gzip')` produces
 * (ustar, names relative to PGDATA with a leading '/', directories as entries) and reads either back, one
 * file at a time: `dumpDataDir` and `loadDataDir` build the whole tar in memory (a 50,000-comment site: about
 * 900 MB at backup and 1.2 GB at restore), which is what this replaces. Archives of either kind restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { ArchiveError } from './archive';

/** Writes the directory `dir` as a gzipped tar into `file`; returns the file's size in bytes. */
export async function dumpPgliteDir(dir: string, file: string): Promise<number> {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip({ level: 6 }), fs.createWriteStream(file, { mode: 0o600 }));
  written.catch(() => {});
  try {
    await addDir(pack, dir, '');
    pack.finalize();
    await written;
  } catch (err) {
    pack.destroy(err as Error);
    await written.catch(() => {});
    throw err;
  }
  return fs.statSync(file).size;
}

async function addDir(pack: tar.Pack, root: string, rel: string): Promise<void> {
  for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
    const relPath = rel ? `${rel}/${name}` : name;
    const full = path.join(root, relPath);
    const stat = fs.lstatSync(full);
    const header = { name: `/${relPath}`, mode: stat.mode & 0o7777, mtime: stat.mtime };
    if (stat.isDirectory()) {
      await entry(pack, { ...header, type: 'directory' });
      await addDir(pack, root, relPath);
    } else if (stat.isFile()) {
      await entry(pack, { ...header, type: 'file', size: stat.size }, fs.createReadStream(full, { end: Math.max(0, stat.size - 1) }));
    } else {
      throw new ArchiveError(`The PGlite data directory holds ${relPath}, which is neither a file nor a directory`);
    }
  }
}

function entry(pack: tar.Pack, header: Partial<tar.Header> & { name: string }, body?: Readable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    if (!body || header.size === 0) {
      body?.destroy();
      sink.end(undefined);
      return;
    }
    pipeline(body, sink).catch(reject);
  });
}

/**
 * Writes the gzipped tar `source` (from dumpPgliteDir or PGlite's dumpDataDir) into `dir`, which must be empty
 * or absent. Refuses anything but files and directories and any name that would leave `dir`.
 */
export async function loadPgliteDir(source: AsyncIterable<Uint8Array>, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const root = fs.realpathSync(dir);
  const extract = tar.extract();
  const feeding = pipeline(Readable.from(source), createGunzip(), extract);
  feeding.catch(() => {});
  for await (const item of extract) {
    const { name, type, mode } = item.header;
    const rel = name.replace(/^\/+/, '').replace(/\/+$/, '');
    if (rel === '') {
      item.resume();
      continue;
    }
    const segments = rel.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0')))
      throw new ArchiveError(`Refusing "${name}" in the database dump: unsafe name`);
    const target = path.join(root, ...segments);
    if (type === 'directory') {
      fs.mkdirSync(target, { recursive: true, mode: (mode ?? 0o700) | 0o700 });
      item.resume();
    } else if (type === 'file') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await pipeline(item, fs.createWriteStream(target, { mode: (mode ?? 0o600) | 0o600 }));
    } else {
      throw new ArchiveError(`Refusing "${name}" in the database dump: a ${type}, not a file or directory`);
    }
  }
  await feeding;
}
