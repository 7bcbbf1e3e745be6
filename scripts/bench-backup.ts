/**
 * The backup half of `npm run bench` (issue #27): one operation per process, so each peak memory is its own,
 * on the site scripts/bench-import.ts made (1,000 posts, 50,000 comments):
 *   bench-backup.ts backup <file>                  npm run backup's code: snapshot + media into a tar
 *   bench-backup.ts restore <file> <dir | url>     npm run restore's code, into an empty PGlite directory or database
 *   bench-backup.ts export <file>                  npm run export's code: the Broadsheet format
 * Prints one JSON line prefixed with BACKUP_RESULT_PREFIX: seconds, bytes, peak RSS.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '@/db/client';
import { backupToFile } from '@/lib/backup/backup';
import { restoreBackup } from '@/lib/backup/restore';
import { exportStream } from '@/lib/export';
import { BACKUP_RESULT_PREFIX } from './bench-lib';

async function main() {
  const [op, file, target] = process.argv.slice(2);
  const started = performance.now();
  let extra: Record<string, number> = {};
  if (op === 'backup') {
    const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, migrate: false });
    const r = await backupToFile(file, { database });
    extra = { comments: r.manifest.counts.comments };
    await database.close();
  } else if (op === 'restore') {
    if (/^postgres/.test(target)) {
      const { default: postgres } = await import('postgres');
      const u = new URL(target);
      const name = decodeURIComponent(u.pathname.slice(1));
      u.pathname = '/postgres';
      const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
      await admin.end();
    }
    const r = await restoreBackup(file, {
      target: /^postgres/.test(target) ? { kind: 'postgres', url: target } : { kind: 'pglite', dir: target },
    });
    extra = { comments: r.counts.comments };
  } else if (op === 'export') {
    const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, migrate: false });
    await pipeline(
      exportStream(database.db, { format: 'broadsheet', includeEmails: true, site: { url: 'https://bench.example', name: 'Bench' } }),
      fs.createWriteStream(file),
    );
    await database.close();
  } else throw new Error(`unknown operation ${op}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    BACKUP_RESULT_PREFIX +
      JSON.stringify({ op, seconds, bytes: fs.statSync(file).size, peakRssMB: process.resourceUsage().maxRSS / 1024, ...extra }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
