/**
 * Restoring a backup (lib/backup/backup.ts wrote it) into an empty data directory or database.
 *
 * The archive is untrusted input: a first pass reads it to the end and checks, before anything is touched,
 * that every member is expected (names, types), that backup.json is a backup this code can restore (format,
 * version, a migration level not newer than this code's), that the PGlite dump inside holds nothing that
 * points outside its directory, and that every checksum matches. The second pass restores, hashing again, and
 * stops if the file changed in between. Then migrations bring an older backup forward.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { z } from 'zod';
import { dataDir, openDatabase } from '@/db/client';
import { isSafeKey, mediaStore, mediaType } from '@/lib/storage';
import { loadPgliteDir } from './pglite-dir';
import { ArchiveError, CHECKSUMS_MEMBER, parseChecksums, readArchive } from './archive';
import { BACKUP_FORMAT, BACKUP_VERSION, MANIFEST_MEMBER, MEDIA_LIST_MEMBER, type BackupManifest } from './backup';
import { DB_MEMBER, emptyPostgres, journalEntries, postgresIsEmpty, restorePostgres, siteCounts, type SiteCounts } from './database';

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1),
  createdAt: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), member: z.string(), serverVersion: z.string(), tool: z.string() }),
  migrations: z.object({ applied: z.number().int(), lastTag: z.string().nullable(), lastWhen: z.number().nullable() }),
  counts: z.object({ articles: z.number(), comments: z.number(), users: z.number(), pledges: z.number() }),
  media: z.object({ store: z.enum(['disk', 's3']), files: z.enum(['included', 'listed']) }),
});

const MAX_MANIFEST = 1024 * 1024;
const MAX_PGLITE_DUMP = 4 * 1024 * 1024 * 1024;
/** Uploads are at most 10 MB; the originals of imported images may be larger. */
const MAX_MEDIA_FILE = 256 * 1024 * 1024;

function expectedMember(name: string, manifest: BackupManifest | null): boolean {
  if (name === MANIFEST_MEMBER || name === CHECKSUMS_MEMBER) return true;
  if (!manifest) return false;
  if (name === manifest.database.member) return true;
  if (name === MEDIA_LIST_MEMBER) return manifest.media.files === 'listed';
  return name.startsWith('media/') && isSafeKey(name.slice('media/'.length));
}

/**
 * Every entry of PGlite's dump stays inside its directory: regular files and directories, no '..'. PGlite names
 * entries from the data directory's root ("/PG_VERSION", "/base/1/112") and loads them under PGDATA.
 */
async function checkPgliteDump(body: AsyncIterable<Buffer>): Promise<void> {
  const extract = tar.extract();
  Readable.from(body)
    .pipe(createGunzip())
    .pipe(extract as never);
  for await (const entry of extract) {
    const { name, type } = entry.header;
    const parts = name.replace(/^\//, '').replace(/\/+$/, '').split('/');
    if (!['file', 'directory'].includes(type ?? '') || parts.some((p) => p === '..' || p === '.' || p === ''))
      throw new ArchiveError(`The database dump holds an entry that is refused: "${name}" (${type})`);
    for await (const c of entry) void c;
  }
}

export type VerifiedBackup = { manifest: BackupManifest; checksums: Map<string, string>; mediaFiles: number };

/** The first pass: everything checked, nothing written. Throws ArchiveError with what is wrong. */
export async function verifyBackup(file: string): Promise<VerifiedBackup> {
  let manifest: BackupManifest | null = null;
  const hashes = new Map<string, string>();
  let checksums: Map<string, string> | null = null;
  let mediaFiles = 0;
  try {
    for await (const entry of readArchive(fs.createReadStream(file))) {
      if (checksums) throw new ArchiveError(`"${entry.name}" follows ${CHECKSUMS_MEMBER}, which must come last`);
      if (!manifest && entry.name !== MANIFEST_MEMBER)
        throw new ArchiveError(`This is not a Broadsheet backup: it does not start with ${MANIFEST_MEMBER}`);
      if (!expectedMember(entry.name, manifest)) throw new ArchiveError(`Unexpected member "${entry.name}" in the backup`);
      if (entry.name === MANIFEST_MEMBER) {
        const parsed = manifestSchema.safeParse(JSON.parse((await entry.buffer(MAX_MANIFEST)).toString('utf8')));
        if (!parsed.success)
          throw new ArchiveError(`${MANIFEST_MEMBER} is not a Broadsheet backup manifest: ${z.prettifyError(parsed.error)}`);
        manifest = parsed.data as BackupManifest;
        if (manifest.version > BACKUP_VERSION)
          throw new ArchiveError(
            `This backup is format version ${manifest.version}; this Broadsheet reads up to ${BACKUP_VERSION}: upgrade first.`,
          );
        if (manifest.database.member !== DB_MEMBER[manifest.database.kind])
          throw new ArchiveError('backup.json names an unexpected database member');
      } else if (entry.name === CHECKSUMS_MEMBER) {
        checksums = parseChecksums((await entry.buffer(64 * 1024 * 1024)).toString('utf8'));
        continue;
      } else if (entry.name === DB_MEMBER.pglite) {
        if (entry.size > MAX_PGLITE_DUMP) throw new ArchiveError('The PGlite dump is larger than 4 GB');
        await checkPgliteDump(entry.body);
      } else {
        if (entry.name.startsWith('media/')) mediaFiles++;
        await entry.skip();
      }
      hashes.set(entry.name, entry.sha256());
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`The backup could not be read (${(err as Error).message}): it is damaged or not a backup.`);
  }
  if (!manifest) throw new ArchiveError('This is not a Broadsheet backup: it is empty.');
  if (!checksums) throw new ArchiveError(`The backup is incomplete: ${CHECKSUMS_MEMBER} is missing (was it cut short?).`);
  if (!hashes.has(manifest.database.member)) throw new ArchiveError('The backup holds no database dump.');
  for (const [name, sum] of hashes)
    if (checksums.get(name) !== sum) throw new ArchiveError(`Checksum mismatch for "${name}": the backup is damaged or was altered.`);
  for (const name of checksums.keys())
    if (!hashes.has(name)) throw new ArchiveError(`"${name}" is listed in ${CHECKSUMS_MEMBER} but missing.`);
  return { manifest, checksums, mediaFiles };
}

export type RestoreTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
export type RestoreOptions = { target: RestoreTarget; replace?: boolean; log?: (line: string) => void };
export type RestoreResult = { manifest: BackupManifest; counts: SiteCounts; mediaFiles: number; migrated: number; replacedTo?: string };

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/** Verifies, then restores the database and the media files, then migrates forward. */
export async function restoreBackup(file: string, opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const { manifest, checksums } = await verifyBackup(file);
  log(`Checked ${checksums.size} members: checksums match (backup of ${manifest.createdAt}, ${manifest.database.kind}).`);
  const target = opts.target;
  if (manifest.database.kind !== target.kind)
    throw new ArchiveError(
      `This backup is of a ${manifest.database.kind === 'pglite' ? 'PGlite (embedded)' : 'Postgres server'} database and cannot be restored into a ${target.kind === 'pglite' ? 'PGlite data directory' : 'Postgres server'}: move between the two with the site export (npm run export, then npm run import -- broadsheet).`,
    );
  const known = journalEntries();
  if (manifest.migrations.lastWhen != null && !known.some((e) => e.when === manifest.migrations.lastWhen))
    throw new ArchiveError(
      `This backup was taken by a newer Broadsheet (migration ${manifest.migrations.lastTag ?? manifest.migrations.lastWhen} is unknown here): upgrade the code first.`,
    );

  const mediaRoot = path.join(dataDir(), 'media');
  const store = mediaStore();
  let replacedTo: string | undefined;
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  if (target.kind === 'pglite') {
    const mediaEmpty = store.kind === 's3' || isEmptyDir(mediaRoot);
    if (!isEmptyDir(target.dir) || !mediaEmpty) {
      if (!opts.replace)
        throw new ArchiveError(
          `${isEmptyDir(target.dir) ? mediaRoot : target.dir} is not empty. Restore into an empty DATA_DIR, or add --replace to move what is there aside.`,
        );
      replacedTo = path.join(path.dirname(target.dir), `replaced-${stamp}`);
      fs.mkdirSync(replacedTo, { recursive: true });
      if (fs.existsSync(target.dir)) fs.renameSync(target.dir, path.join(replacedTo, path.basename(target.dir)));
      if (store.kind === 'disk' && fs.existsSync(mediaRoot)) fs.renameSync(mediaRoot, path.join(replacedTo, 'media'));
      log(`Moved the data that was there to ${replacedTo}.`);
    }
  } else if (!(await postgresIsEmpty(target.url))) {
    if (!opts.replace)
      throw new ArchiveError('The database is not empty. Restore into an empty database, or add --replace to drop what is in it.');
    await emptyPostgres(target.url);
    log('Dropped the tables that were in the database (--replace).');
  }

  // Second pass: restore, checking every member against the checksums verified above.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-restore-'));
  let mediaFiles = 0;
  try {
    for await (const entry of readArchive(fs.createReadStream(file))) {
      const expected = checksums.get(entry.name);
      if (entry.name === CHECKSUMS_MEMBER) {
        await entry.skip();
        continue;
      }
      if (!expected) throw new ArchiveError(`The backup changed during the restore ("${entry.name}")`);
      if (entry.name === DB_MEMBER.pglite && target.kind === 'pglite') {
        await loadPgliteDir(entry.body, target.dir);
        if (entry.sha256() !== expected) {
          fs.rmSync(target.dir, { recursive: true, force: true });
          throw new ArchiveError('The backup changed during the restore (database dump)');
        }
        log('Database restored (PGlite data directory).');
      } else if (entry.name === DB_MEMBER.postgres && target.kind === 'postgres') {
        const dumpFile = path.join(tmp, 'postgres.dump');
        const out = fs.createWriteStream(dumpFile, { mode: 0o600 });
        await pipeline(Readable.from(entry.body), out);
        if (entry.sha256() !== expected) throw new ArchiveError('The backup changed during the restore (database dump)');
        await restorePostgres(target.url, dumpFile);
        log('Database restored (pg_restore).');
      } else if (entry.name.startsWith('media/')) {
        const data = await entry.buffer(MAX_MEDIA_FILE);
        if (entry.sha256() !== expected) throw new ArchiveError(`The backup changed during the restore ("${entry.name}")`);
        const key = entry.name.slice('media/'.length);
        await store.put(key, new Uint8Array(data), mediaType(key));
        mediaFiles++;
      } else {
        await entry.skip();
        if (entry.sha256() !== expected) throw new ArchiveError(`The backup changed during the restore ("${entry.name}")`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(`Media: ${mediaFiles} file(s) restored into ${store.kind === 'disk' ? mediaRoot : 'the S3 bucket'}.`);

  // Opening migrates forward (an older backup gets this code's migrations).
  const database = await openDatabase(target.kind === 'pglite' ? { pgliteDir: target.dir } : { url: target.url });
  try {
    const counts = await siteCounts(database.db);
    const migrated = known.filter((e) => manifest.migrations.lastWhen == null || e.when > manifest.migrations.lastWhen).length;
    return { manifest, counts, mediaFiles, migrated, replacedTo };
  } finally {
    await database.close();
  }
}
