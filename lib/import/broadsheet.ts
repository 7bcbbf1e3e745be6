/**
 * Reads a Broadsheet export (lib/export/broadsheet.ts; docs/export-format.md) back in: `npm run import --
 * broadsheet export.tar.gz`. Streamed (one record, one media file at a time) and idempotent like the other
 * importers: import_map remembers what each exported id became, with a checksum, so a second run creates
 * nothing twice and updates what changed. Into an empty instance everything keeps its id and slug (comment
 * permalinks keep working); into one that has some already, the clashing ones get new ones.
 *
 * The file is untrusted input: HTML is sanitized again (article bodies, revisions), comment HTML is rendered
 * again from its Markdown, media keys and member names are checked, no password or token is ever read, and an
 * exported admin becomes an editor unless `keepAdmins` (an export must not be a way to make oneself admin).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { ArchiveError, readArchive } from '@/lib/backup/archive';
import { EXPORT_HEADER_MEMBER, type ExportHeader } from '@/lib/export/broadsheet';
import { EXPORT_FORMAT, EXPORT_VERSION } from '@/lib/export/records';
import { isSafeKey, mediaStore, mediaType } from '@/lib/storage';
import { ImportReport } from './report';
import { writeRecord, type Ctx } from './broadsheet-records';

export type BroadsheetImportOptions = {
  /** Keep exported admins as admins (default: they become editors). */
  keepAdmins?: boolean;
  onProgress?: (records: number) => void | Promise<void>;
  /** The database to import into (default: the process's). */
  db?: Db;
};

const MAX_MEDIA = 256 * 1024 * 1024;

export async function importBroadsheet(file: string, opts: BroadsheetImportOptions = {}): Promise<ImportReport> {
  const report = new ImportReport(false);
  const db = opts.db ?? (await getDb());
  let header: ExportHeader | null = null;
  let ctx: Ctx | null = null;
  let records = 0;
  try {
    const input = fs.createReadStream(file).pipe(createGunzip());
    for await (const entry of readArchive(input)) {
      if (!header) {
        if (entry.name !== EXPORT_HEADER_MEMBER) throw new ArchiveError(`it does not start with ${EXPORT_HEADER_MEMBER}`);
        const parsed = JSON.parse((await entry.buffer(1024 * 1024)).toString('utf8')) as ExportHeader;
        if (parsed.format !== EXPORT_FORMAT) throw new ArchiveError(`${EXPORT_HEADER_MEMBER} names the format "${String(parsed.format)}"`);
        if (!(parsed.version >= 1 && parsed.version <= EXPORT_VERSION))
          throw new ArchiveError(`it is format version ${parsed.version}; this Broadsheet reads up to ${EXPORT_VERSION}`);
        header = parsed;
        ctx = {
          db,
          site: String(parsed.site?.url ?? 'unknown').slice(0, 300),
          report,
          keepAdmins: !!opts.keepAdmins,
          pending: new Map(),
          touched: new Set(),
        };
        if (!parsed.includesEmails)
          report.notes.push('This export has no email addresses: accounts and pledges got placeholder addresses (…@imported.invalid).');
        continue;
      }
      if (/^records\/\d{6}\.ndjson$/.test(entry.name)) {
        const lines = readline.createInterface({ input: Readable.from(entry.body), crlfDelay: Infinity });
        for await (const line of lines) {
          if (!line.trim()) continue;
          let record: Record<string, unknown>;
          try {
            record = JSON.parse(line) as Record<string, unknown>;
          } catch {
            report.add('record', 'failed', { id: `${entry.name}`, label: line.slice(0, 60) }, 'not JSON');
            continue;
          }
          await writeRecord(ctx!, record);
          if (++records % 100 === 0) await opts.onProgress?.(records);
        }
      } else if (entry.name.startsWith('media/')) {
        const key = entry.name.slice('media/'.length);
        if (!isSafeKey(key)) throw new ArchiveError(`unsafe media key "${key}"`);
        const store = mediaStore();
        const data = await entry.buffer(MAX_MEDIA);
        if (await store.exists(key)) report.add('media file', 'unchanged');
        else {
          await store.put(key, new Uint8Array(data), mediaType(key));
          report.add('media file', 'created');
        }
      } else if (entry.name !== 'checksums.sha256') {
        throw new ArchiveError(`unexpected member "${entry.name}"`);
      } else await entry.skip();
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw new Error(`${path.basename(file)} is not a Broadsheet export: ${err.message}.`);
    if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR')
      throw new Error(`${path.basename(file)} is not a Broadsheet export (not a .tar.gz file).`);
    throw err;
  }
  if (!header || !ctx) throw new Error(`${path.basename(file)} is not a Broadsheet export: it is empty.`);
  for (const [parent, waiting] of ctx.pending)
    for (const c of waiting)
      report.add('comment', 'failed', { id: String(c.id), label: `reply to ${parent}` }, 'its parent comment is not in the export');
  // Comments that kept their exported id: the next new comment must get a free one.
  await db.execute(sql`select setval(pg_get_serial_sequence('comments', 'id'), greatest((select max(id) from comments), 1))`);
  await opts.onProgress?.(records);
  return report;
}
