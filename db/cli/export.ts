/**
 * `npm run export -- [file] [--format broadsheet|wxr] [--no-emails]`: the whole site in the Broadsheet format
 * (a .tar.gz of NDJSON records and media files, docs/export-format.md; read back with `npm run import --
 * broadsheet`) or as a WordPress export (WXR). With --no-emails no reader's or donor's address is in it. The
 * full export holds them: keep it as safe as the site itself. On PGlite stop the app first (or download the
 * export from /admin/export): one process at a time opens the data directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { closeDatabase, defaultPgliteDir, getDb, pgliteHolder } from '../client';
import { exportFileName, exportStream, type ExportFormat } from '../../lib/export';
import { siteOrigin, env } from '../../lib/env';

const USAGE = 'Usage: npm run export -- [file] [--format broadsheet|wxr] [--no-emails]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { format: { type: 'string', default: 'broadsheet' }, 'no-emails': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`, 2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const format = parsed.values.format as ExportFormat;
if (format !== 'broadsheet' && format !== 'wxr') fail(`--format must be broadsheet or wxr.\n${USAGE}`, 2);
if (parsed.positionals.length > 1) fail(USAGE, 2);
const file = path.resolve(parsed.positionals[0] ?? exportFileName(format));
if (fs.existsSync(file)) fail(`${file} already exists: name another file.`, 2);
const holder = process.env.DATABASE_URL ? null : pgliteHolder();
if (holder)
  fail(
    `Process ${holder.pid} has the PGlite data directory (${defaultPgliteDir()}) open: download the export from /admin/export in the running site, or stop the app and run this again.`,
  );

const started = performance.now();
const partial = `${file}.partial`;
try {
  const db = await getDb();
  const includeEmails = !parsed.values['no-emails'];
  await pipeline(
    exportStream(db, { format, includeEmails, site: { url: siteOrigin(), name: env().SITE_NAME } }),
    fs.createWriteStream(partial, { mode: 0o600 }),
  );
  fs.renameSync(partial, file);
  console.log(
    `Exported the site (${format === 'wxr' ? 'WordPress WXR' : 'Broadsheet format'}, ${includeEmails ? 'with' : 'without'} email addresses) to ${file}: ` +
      `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  if (includeEmails) console.log("It holds readers' and donors' email addresses: keep it as safe as the site itself.");
} catch (err) {
  fs.rmSync(partial, { force: true });
  console.error(`Export failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
