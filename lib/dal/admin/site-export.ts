import 'server-only';
/**
 * The admin's site export (/admin/export): the whole site, admins only, every download in the audit log. The
 * full export holds readers' and donors' email addresses; without them it still holds everything public.
 */
import type { Readable } from 'node:stream';
import { getDb } from '@/db/client';
import { env, siteOrigin } from '@/lib/env';
import { exportContentType, exportFileName, exportStream, type ExportFormat } from '@/lib/export';
import { recordAudit } from '../audit';
import { requireStaff } from './guard';

export async function openSiteExport(input: { format: ExportFormat; includeEmails: boolean }): Promise<{
  stream: Readable;
  fileName: string;
  contentType: string;
}> {
  const viewer = await requireStaff('site:export');
  await recordAudit({ actorId: viewer.id, action: 'site.export', entityType: 'site', after: input });
  const stream = exportStream(await getDb(), { ...input, site: { url: siteOrigin(), name: env().SITE_NAME } });
  return { stream, fileName: exportFileName(input.format), contentType: exportContentType(input.format) };
}
