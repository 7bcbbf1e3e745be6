/**
 * Backups against a real database (this file's PGlite, or its copy of the server template with
 * TEST_DATABASE_URL): a backup restores into an empty target with every row and file; a damaged or hostile
 * archive is refused before anything is touched; a non-empty target needs --replace; the scheduler takes one
 * backup per interval on one instance and keeps BACKUP_KEEP of them; a failure is recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-backup-'));
process.env.DATA_DIR = path.join(tmp, 'data');

const { closeDatabase, getDatabase, openDatabase } = await import('@/db/client');
const { articles, backupRuns, comments } = await import('@/db/schema');
const { mediaStore } = await import('@/lib/storage');
const { setNow } = await import('@/lib/clock');
const { backupToFile } = await import('./backup');
const { restoreBackup, verifyBackup } = await import('./restore');
const { backupTick } = await import('./schedule');
const { eq } = await import('drizzle-orm');

const server = process.env.TEST_DATABASE_URL;
const drops: (() => Promise<void>)[] = [];

/** An empty restore target: a fresh PGlite directory, or a new empty database on the server. */
async function emptyTarget(name: string) {
  if (!server) return { kind: 'pglite' as const, dir: path.join(tmp, name, 'pglite') };
  const { default: postgres } = await import('postgres');
  const url = new URL(server);
  const db = `${url.pathname.slice(1)}_r${process.pid}_${name}`.slice(0, 60);
  url.pathname = '/postgres';
  const adminUrl = url.toString();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${db}" with (force)`);
  await admin.unsafe(`create database "${db}"`);
  drops.push(async () => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists "${db}" with (force)`);
    await a.end();
  });
  await admin.end();
  url.pathname = `/${db}`;
  return { kind: 'postgres' as const, url: url.toString() };
}

let archive = '';
beforeAll(async () => {
  const database = await getDatabase();
  const [a] = await database.db
    .insert(articles)
    .values({ slug: 'backup-test', title: 'Kept in the backup', body: '<p>Text.</p>', status: 'published', publishedAt: new Date() })
    .returning();
  await database.db.insert(comments).values({ articleId: a.id, body: 'A comment', bodyHtml: '<p>A comment</p>', contentHash: 'x' });
  await mediaStore().put('uploads/2026/12/kept.webp', new Uint8Array([1, 2, 3, 4]), 'image/webp');
  archive = path.join(tmp, 'site.tar');
  await backupToFile(archive, { database });
});

afterAll(async () => {
  setNow(null);
  await closeDatabase();
  for (const d of drops) await d();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A copy of the archive with one member's bytes replaced (or added), keeping its checksums file. */
async function rewrite(
  from: string,
  to: string,
  change: (name: string, data: Buffer) => Buffer | null,
  extra?: (Partial<tar.Header> & { name: string })[],
) {
  const extract = tar.extract();
  const pack = tar.pack();
  const out = fs.createWriteStream(to);
  pack.pipe(out);
  fs.createReadStream(from).pipe(extract);
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const c of entry) parts.push(c as Buffer);
    const data = change(entry.header.name, Buffer.concat(parts));
    if (data) await new Promise<void>((r) => pack.entry({ name: entry.header.name, size: data.length }, data, () => r()));
  }
  for (const h of extra ?? [])
    await new Promise<void>((r) => (h.type === 'symlink' ? pack.entry(h, () => r()) : pack.entry(h, Buffer.from('evil'), () => r())));
  pack.finalize();
  await new Promise<void>((r) => out.on('finish', () => r()));
}

describe('backup and restore', { timeout: 120_000 }, () => {
  it('restores into an empty target every row, the media files and the migration level, and says so', async () => {
    const { manifest } = await verifyBackup(archive);
    expect(manifest.format).toBe('broadsheet-backup');
    expect(manifest.migrations.lastTag).toMatch(/^\d{4}_/);
    const target = await emptyTarget('one');
    const mediaBefore = process.env.DATA_DIR;
    process.env.DATA_DIR = path.join(tmp, 'one');
    try {
      const r = await restoreBackup(archive, { target });
      expect(r.counts.articles).toBe(manifest.counts.articles);
      expect(r.counts.comments).toBe(manifest.counts.comments);
      expect(r.mediaFiles).toBeGreaterThanOrEqual(1);
      expect(fs.readFileSync(path.join(tmp, 'one', 'media', 'uploads/2026/12/kept.webp'))).toEqual(Buffer.from([1, 2, 3, 4]));
      const restored = await openDatabase(target.kind === 'pglite' ? { pgliteDir: target.dir } : { url: target.url });
      const [a] = await restored.db.select().from(articles).where(eq(articles.slug, 'backup-test'));
      expect(a.title).toBe('Kept in the backup');
      await restored.close();
      // A second restore into the same (now full) target is refused without --replace…
      await expect(restoreBackup(archive, { target })).rejects.toThrow(/not empty.*--replace/);
      // …and with it replaces the data (PGlite: what was there moves aside).
      const again = await restoreBackup(archive, { target, replace: true });
      expect(again.counts.articles).toBe(manifest.counts.articles);
      if (target.kind === 'pglite') expect(again.replacedTo && fs.existsSync(path.join(again.replacedTo, 'pglite'))).toBe(true);
    } finally {
      process.env.DATA_DIR = mediaBefore;
    }
  });

  it('refuses a damaged archive, a path-traversal member, a symlink and a cut-short file before touching the target', async () => {
    const target = await emptyTarget('two');
    const cases: [string, (name: string, data: Buffer) => Buffer | null, (Partial<tar.Header> & { name: string })[]?][] = [
      ['flipped byte', (n, d) => (n.startsWith('media/') ? Buffer.concat([d.subarray(0, 1), Buffer.from([d[1] ^ 1]), d.subarray(2)]) : d)],
      ['traversal', (n, d) => d, [{ name: 'media/../../escape.txt', size: 4 }]],
      ['symlink', (n, d) => d, [{ name: 'media/link', type: 'symlink', linkname: '/etc/passwd' }]],
      ['no checksums', (n, d) => (n === 'checksums.sha256' ? null : d)],
      ['not a backup', (n, d) => (n === 'backup.json' ? Buffer.from('{"format":"something-else"}') : d)],
    ];
    for (const [label, change, extra] of cases) {
      const bad = path.join(tmp, `${label.replace(/\W/g, '-')}.tar`);
      await rewrite(archive, bad, change, extra);
      await expect(restoreBackup(bad, { target }), label).rejects.toThrow(
        /checksum|refus|unsafe|Unexpected|incomplete|not a Broadsheet backup|follows/i,
      );
    }
    if (target.kind === 'pglite') expect(fs.existsSync(target.dir)).toBe(false);
    expect(fs.existsSync(path.join(tmp, 'escape.txt'))).toBe(false);
  });
});

describe('scheduled backups', { timeout: 120_000 }, () => {
  const dir = path.join(tmp, 'scheduled');
  const schedule = { dir, intervalHours: 24, keep: 2, s3Objects: false };
  const T = new Date('2031-05-01T10:00:00Z');

  it('takes one backup per interval, keeps BACKUP_KEEP files, and records a failure', async () => {
    const database = await getDatabase();
    await database.db.delete(backupRuns);
    setNow(T);
    const first = await backupTick(database, schedule);
    expect(first.ran).toBe(true);
    // Due again only after the interval.
    setNow(new Date(T.getTime() + 3_600_000));
    expect(await backupTick(database, schedule)).toEqual({ ran: false, reason: 'not-due' });
    for (const day of [1, 2, 3]) {
      setNow(new Date(T.getTime() + day * (86_400_000 + 60_000)));
      const tick = await backupTick(database, schedule);
      expect(tick.ran, JSON.stringify(tick)).toBe(true);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tar'))).toHaveLength(2);
    const runs = await database.db.select().from(backupRuns);
    expect(runs.filter((r) => r.status === 'done')).toHaveLength(4);

    // Another instance holding the lock: this one skips.
    const held = await database.tryLock(727275, () => backupTick(database, schedule));
    expect(held).toEqual({ locked: true, value: { ran: false, reason: 'locked' } });

    // A directory that cannot be written: the run is recorded as failed, with why.
    fs.writeFileSync(path.join(tmp, 'not-a-dir'), 'x');
    setNow(new Date(T.getTime() + 9 * 86_400_000));
    const failed = await backupTick(database, { ...schedule, dir: path.join(tmp, 'not-a-dir') });
    expect(failed.ran && failed.run.status).toBe('failed');
    expect(failed.ran && failed.run.error).toMatch(/EEXIST|ENOTDIR|not a directory/i);
  });
});
