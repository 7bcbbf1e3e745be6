/**
 * The Broadsheet export (docs/export-format.md): a gzipped tar holding
 *   export.json               format, version, when, the site, whether email addresses are in it
 *   records/000001.ndjson…    the records (lib/export/records.ts), one JSON object a line, in parts of about 4 MB
 *   media/<key>               every media file
 *   checksums.sha256          SHA-256 of every member above
 * Streamed: records are read in pages and a part is written as soon as it is full, so memory stays bounded
 * whatever the size of the site. The export reads a live site (no snapshot): a backup is the point-in-time copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, type DbOrTx } from '@/db/client';
import { mediaStore } from '@/lib/storage';
import { ArchiveWriter } from '@/lib/backup/archive';
import { EXPORT_FORMAT, EXPORT_VERSION, exportRecords } from './records';

export const EXPORT_HEADER_MEMBER = 'export.json';
const PART_BYTES = 4 * 1024 * 1024;

export type ExportHeader = {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  site: { url: string; name: string };
  includesEmails: boolean;
};

export type ExportCounts = Record<string, number>;

export async function writeBroadsheetExport(
  db: DbOrTx,
  writer: ArchiveWriter,
  opts: { includeEmails: boolean; site: { url: string; name: string } },
): Promise<ExportCounts> {
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    site: opts.site,
    includesEmails: opts.includeEmails,
  };
  await writer.addBuffer(EXPORT_HEADER_MEMBER, Buffer.from(JSON.stringify(header, null, 2)));
  const counts: ExportCounts = {};
  let part: string[] = [];
  let partBytes = 0;
  let parts = 0;
  const flush = async () => {
    if (!part.length) return;
    await writer.addBuffer(`records/${String(++parts).padStart(6, '0')}.ndjson`, Buffer.from(part.join(''), 'utf8'));
    part = [];
    partBytes = 0;
  };
  for await (const record of exportRecords(db, opts)) {
    const line = `${JSON.stringify(record)}\n`;
    part.push(line);
    partBytes += Buffer.byteLength(line);
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    if (partBytes >= PART_BYTES) await flush();
  }
  await flush();
  const store = mediaStore();
  const root = path.join(dataDir(), 'media');
  for await (const { key, size } of store.list()) {
    if (store.kind === 'disk') await writer.addStream(`media/${key}`, size, fs.createReadStream(path.join(root, key)));
    else {
      const file = await store.get(key);
      if (!file) continue;
      await writer.addBuffer(`media/${key}`, file.data);
    }
    counts.mediaFile = (counts.mediaFile ?? 0) + 1;
  }
  await writer.finish();
  return counts;
}
