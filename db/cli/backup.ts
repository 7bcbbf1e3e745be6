/**
 * `npm run backup -- [file] [--s3-objects]`: one archive with a consistent snapshot of the database and the
 * media files (lib/backup; docs/operating.md). Works while the app keeps serving:
 *   - Postgres server (DATABASE_URL): pg_dump in a snapshot, from here;
 *   - PGlite, app stopped: from here;
 *   - PGlite, app running (it has the data directory open, and no second process may): the app takes the
 *     backup and streams it here (POST /api/internal/backup, authorized by AUTH_SECRET). BROADSHEET_URL names
 *     the app's address if the command cannot find it.
 * The archive is checked (every checksum) before the command says it is done.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { defaultPgliteDir, openDatabase, pgliteHolder, type Database, type PgliteHolder } from '../client';
import { backupFileName, backupToFile, type BackupResult } from '../../lib/backup/backup';
import { backupToken } from '../../lib/backup/cli-token';
import { verifyBackup } from '../../lib/backup/restore';
import { recordRun } from '../../lib/backup/schedule';

const USAGE = 'Usage: npm run backup -- [file.tar] [--s3-objects]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { 's3-objects': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`, 2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.positionals.length > 1) fail(USAGE, 2);
const file = path.resolve(parsed.positionals[0] ?? backupFileName(new Date()));
const s3Objects = !!parsed.values['s3-objects'];
if (fs.existsSync(file)) fail(`${file} already exists: name another file.`, 2);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function printed(r: Pick<BackupResult, 'manifest' | 'mediaFiles'>, bytes: number, seconds: number) {
  const c = r.manifest.counts;
  console.log(`Backup written to ${file} (${mb(bytes)}, ${seconds.toFixed(1)} s), checksums verified.`);
  console.log(
    `  database: ${r.manifest.database.kind} (${r.manifest.database.tool}), migration ${r.manifest.migrations.lastTag ?? 'none'}` +
      ` (${r.manifest.migrations.applied} applied)`,
  );
  console.log(`  ${c.articles} articles, ${c.comments} comments, ${c.users} users, ${c.pledges} pledges`);
  console.log(
    `  media: ${r.mediaFiles} file(s) ${r.manifest.media.files === 'included' ? 'included' : 'listed (S3; add --s3-objects to include them)'}`,
  );
}

/** PGlite held by the running app: it writes the backup and streams it here. */
async function throughApp(holder: PgliteHolder): Promise<void> {
  const origin = (process.env.BROADSHEET_URL || holder.origin || `http://127.0.0.1:${holder.port ?? process.env.PORT ?? 3000}`).replace(
    /\/+$/,
    '',
  );
  const secret = process.env.AUTH_SECRET;
  const cannot = (why: string) =>
    fail(
      `The app (process ${holder.pid}) has the PGlite data directory open, so it must take the backup, but ${why}.\n` +
        `Either set BROADSHEET_URL to the app's address (and AUTH_SECRET to the app's value) and run this again, or stop the app and run it again.`,
    );
  if (!holder.app) cannot(`that process is not the app (another command is using the database; wait for it to finish)`);
  if (!secret) cannot('AUTH_SECRET is not set here');
  const started = performance.now();
  const partial = `${file}.partial`;
  let res: Response;
  try {
    res = await fetch(`${origin}/api/internal/backup${s3Objects ? '?s3Objects=1' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${backupToken(secret!)}` },
    });
  } catch (err) {
    cannot(
      `it could not be reached at ${origin} (${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message})`,
    );
  }
  if (res!.status === 401) cannot(`it refused the request at ${origin}: is AUTH_SECRET the app's?`);
  if (!res!.ok || !res!.body) cannot(`it answered ${res!.status} at ${origin}`);
  try {
    await pipeline(Readable.fromWeb(res!.body as never), fs.createWriteStream(partial, { mode: 0o600 }));
    const { manifest, mediaFiles } = await verifyBackup(partial);
    fs.renameSync(partial, file);
    console.log(`(taken by the running app at ${origin})`);
    printed({ manifest, mediaFiles }, fs.statSync(file).size, (performance.now() - started) / 1000);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    fail(`The backup failed: ${(err as Error).message} (the app's log says more).`);
  }
}

async function here(): Promise<void> {
  if (!process.env.DATABASE_URL && !fs.existsSync(path.join(defaultPgliteDir(), 'PG_VERSION')))
    fail(`There is no database in ${defaultPgliteDir()} to back up (set DATA_DIR, or DATABASE_URL for a Postgres server).`);
  const started = performance.now();
  const startedAt = new Date();
  // Not migrated: a backup taken before an upgrade must hold the database as it was.
  database = await openDatabase({ url: process.env.DATABASE_URL || undefined, migrate: false });
  try {
    const result = await backupToFile(file, { database, s3Objects, tmpDir: path.dirname(file) });
    await recordRun(database.db, {
      trigger: 'cli',
      status: 'done',
      file: path.basename(file),
      bytes: result.bytes,
      startedAt,
      finishedAt: new Date(),
    });
    await verifyBackup(file);
    printed(result, result.bytes, (performance.now() - started) / 1000);
  } catch (err) {
    await recordRun(database.db, {
      trigger: 'cli',
      status: 'failed',
      error: (err as Error).message.slice(0, 2000),
      startedAt,
      finishedAt: new Date(),
    }).catch(() => {});
    throw err;
  }
}

let database: Database | undefined;
try {
  const holder = process.env.DATABASE_URL ? null : pgliteHolder();
  if (holder) await throughApp(holder);
  else await here();
} catch (err) {
  console.error(`Backup failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await database?.close();
}
