/**
 * `npm run restore -- <file.tar> [--replace]`: puts a backup (npm run backup) back into an empty data directory
 * (PGlite: DATA_DIR) or an empty database (DATABASE_URL), then migrates it forward if it is older than this
 * code. Everything in the archive is checked first (checksums, names, format); nothing is touched if one check
 * fails. A non-empty target is refused unless --replace: PGlite's data and media are then moved aside to
 * DATA_DIR/replaced-<time>/, a Postgres database's tables are dropped. Stop the app first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDir, defaultPgliteDir, pgliteHolder } from '../client';
import { restoreBackup } from '../../lib/backup/restore';

const USAGE = 'Usage: npm run restore -- <backup.tar> [--replace]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { replace: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`, 2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [file] = parsed.positionals;
if (!file || parsed.positionals.length > 1) fail(USAGE, 2);
if (!fs.existsSync(file)) fail(`${file} does not exist.`, 2);
const url = process.env.DATABASE_URL || undefined;
const holder = url ? null : pgliteHolder();
if (holder) fail(`Process ${holder.pid} has the PGlite data directory (${defaultPgliteDir()}) open: stop the app first, then restore.`);

const started = performance.now();
try {
  const r = await restoreBackup(path.resolve(file), {
    target: url ? { kind: 'postgres', url } : { kind: 'pglite', dir: defaultPgliteDir() },
    replace: !!parsed.values.replace,
    log: (line) => console.log(`  ${line}`),
  });
  const c = r.counts;
  console.log(
    `\nRestored the backup of ${r.manifest.createdAt} into ${url ? 'the Postgres database (DATABASE_URL)' : dataDir()} in ${((performance.now() - started) / 1000).toFixed(1)} s:`,
  );
  console.log(`  ${c.articles} articles, ${c.comments} comments, ${c.users} users, ${c.pledges} pledges, ${r.mediaFiles} media files`);
  console.log(
    `  migration level: ${r.manifest.migrations.lastTag ?? 'none'}${r.migrated ? `, brought forward by ${r.migrated} migration(s)` : ' (current)'}`,
  );
  if (r.manifest.media.files === 'listed')
    console.log('  The backup lists its S3 objects without holding them: they must still be in the bucket (see docs/operating.md).');
  if (r.replacedTo) console.log(`  What was there before is in ${r.replacedTo} (delete it once the site looks right).`);
} catch (err) {
  console.error(`Restore failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
