/**
 * `npm run import -- <source> <file> [options]`: moves a newsroom's archive in (lib/import).
 *
 *   npm run import -- wordpress export.xml --dry-run           what would be imported, and every item skipped and why
 *   npm run import -- wordpress export.xml --uploads ./uploads  images from a copy of wp-content/uploads
 *   npm run import -- wordpress export.xml --no-invite          no mail to the new author accounts
 *   npm run import -- givewp donations.csv [--dry-run]           GiveWP's donations export: campaigns and pledges
 *   npm run import -- disqus disqus.xml [--dry-run]              Disqus comments, onto the articles their URLs lead to
 *   npm run import -- ghost export.json [--dry-run]              Ghost posts, tags, authors and native comments
 *   npm run import -- broadsheet export.tar.gz [--keep-admins]   a Broadsheet export (npm run export), everything in it
 *
 * Safe to run again: nothing is created twice and what changed at the source is updated. With PGlite (no
 * DATABASE_URL) stop the app first: one process at a time opens the data directory. Restart the app (or
 * wait for its caches to expire) to see imported articles on cached pages.
 */
import { closeDatabase } from '../client';
import { importBroadsheet } from '../../lib/import/broadsheet';
import { importDisqus } from '../../lib/import/disqus';
import { importGhost } from '../../lib/import/ghost';
import { importGivewp } from '../../lib/import/givewp';
import { importWordpress } from '../../lib/import/wordpress-import';

const USAGE =
  'Usage: npm run import -- wordpress <export.xml> [--dry-run] [--uploads <dir>] [--no-invite]\n       npm run import -- givewp <donations.csv> [--dry-run]\n       npm run import -- disqus <export.xml> [--dry-run]\n       npm run import -- ghost <export.json> [--dry-run]\n       npm run import -- broadsheet <export.tar.gz> [--keep-admins]';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const [source, file] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--uploads');
try {
  if (!source || !file) throw new Error(USAGE);
  if (!['wordpress', 'givewp', 'disqus', 'ghost', 'broadsheet'].includes(source)) throw new Error(`Unknown source "${source}". ${USAGE}`);
  const started = performance.now();
  const tty = process.stdout.isTTY;
  const unit = source === 'givewp' ? 'donations' : source === 'disqus' ? 'comments' : source === 'broadsheet' ? 'records' : 'posts';
  const onProgress = (n: number) => {
    if (tty) process.stdout.write(`\r  ${n} ${unit}…`);
    else if (n % 100 === 0) console.log(`  ${n} ${unit}…`);
  };
  const dryRun = args.includes('--dry-run');
  if (dryRun && source === 'broadsheet')
    throw new Error('A Broadsheet export has no dry run: import it into an empty site first if in doubt.');
  const report =
    source === 'wordpress'
      ? await importWordpress(file, { dryRun, uploadsDir: option(args, '--uploads'), invite: !args.includes('--no-invite'), onProgress })
      : source === 'givewp'
        ? await importGivewp(file, { dryRun, onProgress })
        : source === 'disqus'
          ? await importDisqus(file, { dryRun, onProgress })
          : source === 'broadsheet'
            ? await importBroadsheet(file, { keepAdmins: args.includes('--keep-admins'), onProgress })
            : await importGhost(file, { dryRun, onProgress });
  if (tty) process.stdout.write('\n');
  console.log(report.format());
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (report.failed) process.exitCode = 1;
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 2;
} finally {
  await closeDatabase();
}
