import 'server-only';
/** The staff CSV export of pledges (RFC 4180), with spreadsheet formulas defused. */
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, pledges } from '@/db/schema';
import { requireStaff } from '@/lib/dal/admin/guard';
import type { PledgeFilter } from '@/lib/validation/pledge';
import { filterWhere } from './staff-list';
import { pledgeNumber } from './tokens';

const CSV_COLUMNS = [
  'pledge_id',
  'number',
  'created_at',
  'campaign',
  'status',
  'amount',
  'currency',
  'frequency',
  'email',
  'display_name',
  'anonymous',
  'hide_amount',
  'message',
  'received_at',
  'cancelled_at',
  'staff_note',
  'confirmed_at',
  'review',
  'message_status',
] as const;

/** One CSV field: quoted, quotes doubled, and spreadsheet formulas defused. */
export function csvField(value: unknown): string {
  let s = value == null ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Staff CSV export (RFC 4180, CRLF line ends) of the pledges matching the filter. */
export async function exportPledgesCsv(f: Partial<PledgeFilter>): Promise<string> {
  await requireStaff('pledges:manage');
  const db = await getDb();
  const rows = await db
    .select({ p: pledges, campaignTitle: campaigns.title })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(filterWhere({ ...f, page: undefined }))
    .orderBy(pledges.createdAt, pledges.id)
    .limit(100_000);
  const lines = [CSV_COLUMNS.join(',')];
  for (const { p, campaignTitle } of rows) {
    const amount = `${Math.trunc(p.amountCents / 100)}.${String(p.amountCents % 100).padStart(2, '0')}`;
    lines.push(
      [
        p.id,
        pledgeNumber(p.id),
        p.createdAt,
        campaignTitle,
        p.status,
        amount,
        p.currency,
        p.frequency,
        p.email,
        p.displayName,
        p.anonymous,
        p.hideAmount,
        p.message,
        p.receivedAt,
        p.cancelledAt,
        p.staffNote,
        p.confirmedAt,
        p.review,
        p.messageStatus,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
