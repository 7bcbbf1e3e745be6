/**
 * Taking a backup (docs/operating.md, "Backups"): one tar archive, members in this order:
 *   backup.json                 what it is: format and version, when, the database kind and migration level, counts
 *   database/pglite.tar.gz      PGlite's data-directory dump, or
 *   database/postgres.dump      pg_dump's custom format
 *   media/<key>                 every media file (disk store; with S3 only when asked: `s3Objects`)
 *   media-list.ndjson           with S3 and without the objects: the bucket's object list (key, size)
 *   checksums.sha256            SHA-256 of every member above
 * The database snapshot comes first, then the media: a file uploaded meanwhile is extra, never missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDir, type Database } from '@/db/client';
import { mediaStore } from '@/lib/storage';
import { ArchiveWriter } from './archive';
import { snapshotDatabase, type MigrationLevel, type SiteCounts } from './database';

export const BACKUP_FORMAT = 'broadsheet-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_MEMBER = 'backup.json';
export const MEDIA_LIST_MEMBER = 'media-list.ndjson';

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  database: { kind: Database['kind']; member: string; serverVersion: string; tool: string };
  migrations: MigrationLevel;
  counts: SiteCounts;
  media: { store: 'disk' | 's3'; files: 'included' | 'listed' };
};

export type BackupResult = { manifest: BackupManifest; mediaFiles: number; mediaBytes: number; members: number };

export type BackupOptions = {
  database: Database;
  /** DATABASE_URL for pg_dump (default: the environment's). */
  url?: string;
  /** With S3 media: put the objects themselves in the archive, not only their list. */
  s3Objects?: boolean;
  /** Where pg_dump writes before the archive takes it (default: the system's temporary directory). */
  tmpDir?: string;
};

/** Writes a whole backup into `writer` and finishes it. */
export async function writeBackup(writer: ArchiveWriter, opts: BackupOptions): Promise<BackupResult> {
  const snapshot = await snapshotDatabase(opts.database, { url: opts.url, tmpDir: opts.tmpDir ?? os.tmpdir() });
  try {
    const store = mediaStore();
    const included = store.kind === 'disk' || !!opts.s3Objects;
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      database: { kind: snapshot.kind, member: snapshot.member, serverVersion: snapshot.serverVersion, tool: snapshot.tool },
      migrations: snapshot.level,
      counts: snapshot.counts,
      media: { store: store.kind, files: included ? 'included' : 'listed' },
    };
    await writer.addBuffer(MANIFEST_MEMBER, Buffer.from(JSON.stringify(manifest, null, 2)));
    if (snapshot.data) await writer.addBuffer(snapshot.member, snapshot.data);
    else await writer.addStream(snapshot.member, snapshot.size, fs.createReadStream(snapshot.file!));
    snapshot.cleanup();

    let mediaFiles = 0;
    let mediaBytes = 0;
    const list: string[] = [];
    const root = path.join(dataDir(), 'media');
    for await (const { key, size } of store.list()) {
      if (!included) {
        list.push(JSON.stringify({ key, size }));
        continue;
      }
      if (store.kind === 'disk') {
        await writer.addStream(`media/${key}`, size, fs.createReadStream(path.join(root, key)));
      } else {
        const file = await store.get(key);
        // Removed since the listing: nothing to keep.
        if (!file) continue;
        await writer.addBuffer(`media/${key}`, file.data);
      }
      mediaFiles++;
      mediaBytes += size;
    }
    if (!included) await writer.addBuffer(MEDIA_LIST_MEMBER, Buffer.from(list.map((l) => `${l}\n`).join('')));
    await writer.finish();
    return { manifest, mediaFiles: included ? mediaFiles : list.length, mediaBytes, members: writer.members.length };
  } finally {
    snapshot.cleanup();
  }
}

/**
 * Writes a backup to `file` (through `<file>.partial`, renamed at the end: a backup that failed never looks
 * like a finished one). Returns its size and what it holds.
 */
export async function backupToFile(file: string, opts: BackupOptions): Promise<BackupResult & { bytes: number; file: string }> {
  const partial = `${file}.partial`;
  const writer = new ArchiveWriter();
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  const written = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  writer.readable.pipe(out);
  try {
    const result = await writeBackup(writer, opts);
    await written;
    fs.renameSync(partial, file);
    return { ...result, bytes: fs.statSync(file).size, file };
  } catch (err) {
    writer.abort(err as Error);
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/** `broadsheet-backup-20261203T101500Z.tar`: sorts by time, which retention relies on. */
export function backupFileName(at: Date): string {
  return `broadsheet-backup-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.tar`;
}
export const BACKUP_FILE_PATTERN = /^broadsheet-backup-\d{8}T\d{6}Z\.tar$/;
