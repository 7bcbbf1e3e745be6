/**
 * A site export as a byte stream, for `npm run export` and the admin's download (app/admin/export/download):
 * the Broadsheet format (a .tar.gz, lib/export/broadsheet.ts) or a WordPress WXR file (lib/export/wxr.ts).
 * Pulled by whoever reads it: a slow reader slows the export down, nothing piles up in memory.
 */
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { DbOrTx } from '@/db/client';
import { ArchiveWriter } from '@/lib/backup/archive';
import { writeBroadsheetExport } from './broadsheet';
import { wxrChunks } from './wxr';

export type ExportFormat = 'broadsheet' | 'wxr';
export type ExportOptions = { format: ExportFormat; includeEmails: boolean; site: { url: string; name: string } };

export function exportFileName(format: ExportFormat, at = new Date()): string {
  const stamp = at.toISOString().slice(0, 10);
  return format === 'wxr' ? `broadsheet-wordpress-${stamp}.xml` : `broadsheet-export-${stamp}.tar.gz`;
}

export function exportContentType(format: ExportFormat): string {
  return format === 'wxr' ? 'application/xml; charset=utf-8' : 'application/gzip';
}

/** The export's bytes. An error while reading ends the stream with that error (the file is then incomplete). */
export function exportStream(db: DbOrTx, opts: ExportOptions): Readable {
  if (opts.format === 'wxr')
    return Readable.from(
      (async function* () {
        for await (const chunk of wxrChunks(db, opts)) yield Buffer.from(chunk, 'utf8');
      })(),
    );
  const writer = new ArchiveWriter();
  const gzip = createGzip();
  writer.readable.pipe(gzip);
  writeBroadsheetExport(db, writer, opts).catch((err: Error) => {
    writer.abort(err);
    gzip.destroy(err);
  });
  return gzip;
}
