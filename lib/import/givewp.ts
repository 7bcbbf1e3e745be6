/**
 * GiveWP donations (Donations → Tools → Export, CSV) as campaigns and pledges, so the public bar shows the
 * totals the old site showed: each donation form becomes a campaign, each completed donation a received
 * pledge (amount in integer cents, currency, date, donor name or anonymous, message), each refunded or
 * cancelled one a cancelled pledge. Pending donations are imported as unconfirmed pledges (they do not count,
 * as they did not on GiveWP's goal bar); failed and abandoned payments are skipped.
 *
 * The CSV is streamed (csv-parse); every donation is written in its own transaction with its donation id as
 * the pledge's idempotency key, so a re-run adds nothing twice and picks up status changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { and, eq } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { campaigns, importMap, pledges } from '@/db/schema';
import { slugify } from '@/lib/dal/admin/text';
import { ImportReport } from './report';
import { Rollback } from './dry-run';

export type GivewpOptions = { dryRun?: boolean; onProgress?: (done: number) => void | Promise<void> };

const SOURCE = 'givewp';

/** "$1,250.50", "1250.5", "1.250,50 €" -> 125050; null when it is not an amount. No floating point. */
export function toCents(raw: string): number | null {
  let s = raw.replace(/[^\d.,-]/g, '');
  if (!s || s.startsWith('-')) return null;
  // The last separator followed by 1-2 digits is the decimal one; any other is for thousands.
  const m = /^(.*?)(?:[.,](\d{1,2}))?$/.exec(s)!;
  const whole = m[1].replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole)) return null;
  s = `${whole}${(m[2] ?? '').padEnd(2, '0')}`;
  const cents = Number(s);
  return Number.isSafeInteger(cents) && cents > 0 ? cents : null;
}

/** A column by any of the names GiveWP versions have used. */
function col(row: Record<string, string>, ...names: string[]): string {
  for (const n of names) {
    const key = Object.keys(row).find((k) => k.trim().toLowerCase() === n.toLowerCase());
    if (key && row[key]?.trim()) return row[key].trim();
  }
  return '';
}

function parseDate(raw: string): Date | null {
  const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

const STATUS: Record<string, 'received' | 'pledged' | 'cancelled' | null> = {
  complete: 'received',
  completed: 'received',
  publish: 'received',
  renewal: 'received',
  pending: 'pledged',
  processing: 'pledged',
  refunded: 'cancelled',
  cancelled: 'cancelled',
  revoked: 'cancelled',
  failed: null,
  abandoned: null,
  preapproval: null,
};

async function campaignFor(
  tx: DbOrTx,
  report: ImportReport,
  seen: Set<string>,
  formId: string,
  title: string,
  goalCents: number | null,
  currency: string,
): Promise<string> {
  const [known] = await tx
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, SOURCE), eq(importMap.kind, 'campaign'), eq(importMap.externalId, formId)))
    .limit(1);
  if (known) return known.localId;
  const base = slugify(title) || `campaign-${formId}`;
  let slug = base;
  for (let n = 2; (await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, slug)).limit(1)).length; n++)
    slug = `${base}-${n}`;
  const [c] = await tx
    .insert(campaigns)
    .values({
      slug,
      title: title || `Donation form ${formId}`,
      goalCents: goalCents ?? 100_00,
      currency,
      active: false,
    })
    .returning({ id: campaigns.id });
  await tx.insert(importMap).values({ source: SOURCE, kind: 'campaign', externalId: formId, localId: c.id });
  // A dry run rolls each donation back, campaign included: count and explain each form once.
  if (seen.has(formId)) return c.id;
  seen.add(formId);
  report.add('campaign', 'created');
  if (goalCents == null)
    report.notes.push(
      `Campaign "${title}" had no goal in the file: it was set to ${currency} 100; set the real one in /admin/campaigns. Imported campaigns start inactive.`,
    );
  return c.id;
}

export async function importGivewp(file: string, opts: GivewpOptions = {}): Promise<ImportReport> {
  const report = new ImportReport(!!opts.dryRun);
  const db = await getDb();
  const input = fs
    .createReadStream(file)
    .pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }));
  let done = 0;
  const seen = new Set<string>();
  try {
    for await (const row of input as AsyncIterable<Record<string, string>>) {
      done++;
      const id = col(row, 'Donation ID', 'ID');
      const label = {
        id: id || `row ${done + 1}`,
        label: col(row, 'Donor Name', 'Full Name') || col(row, 'Email Address', 'Email') || 'donation',
      };
      const statusRaw = col(row, 'Donation Status', 'Status').toLowerCase();
      const status = STATUS[statusRaw];
      const cents = toCents(col(row, 'Donation Total', 'Donation Amount', 'Amount', 'Total'));
      const formId = col(row, 'Donation Form ID', 'Form ID');
      const email = col(row, 'Email Address', 'Email', 'Donor Email').toLowerCase();
      const date = parseDate(col(row, 'Donation Date', 'Date'));
      if (!id) report.add('donation', 'skipped', label, 'no Donation ID column');
      else if (status === undefined) report.add('donation', 'skipped', label, `unknown status "${statusRaw || '(empty)'}"`);
      else if (status === null) report.add('donation', 'skipped', label, `a ${statusRaw} payment: no money was received`);
      else if (!cents)
        report.add(
          'donation',
          'skipped',
          label,
          `amount "${col(row, 'Donation Total', 'Donation Amount', 'Amount', 'Total')}" is not an amount`,
        );
      else if (!formId) report.add('donation', 'skipped', label, 'no Donation Form ID');
      else if (!email || !email.includes('@')) report.add('donation', 'skipped', label, 'no donor email address');
      else if (!date) report.add('donation', 'skipped', label, 'no readable date');
      else {
        const write = async (tx: DbOrTx) => {
          const currency = (col(row, 'Currency Code', 'Currency') || 'USD').toUpperCase().slice(0, 3);
          const campaignId = await campaignFor(
            tx,
            report,
            seen,
            formId,
            col(row, 'Donation Form Title', 'Form Title', 'Form Name'),
            toCents(col(row, 'Form Goal', 'Goal')),
            currency,
          );
          const name = col(row, 'Donor Name', 'Full Name') || [col(row, 'First Name'), col(row, 'Last Name')].filter(Boolean).join(' ');
          const anonymous = /^(yes|1|true)$/i.test(col(row, 'Anonymous Donation', 'Anonymous'));
          const values = {
            campaignId,
            email,
            displayName: name.slice(0, 120),
            anonymous,
            amountCents: cents,
            currency,
            message: col(row, 'Donor Comment', 'Comment', 'Message').slice(0, 1000),
            messageStatus: 'approved' as const,
            status,
            createdAt: date,
            confirmedAt: status === 'pledged' ? null : date,
            receivedAt: status === 'received' ? date : null,
            cancelledAt: status === 'cancelled' ? date : null,
          };
          const key = `givewp:${formId}:${id}`;
          const [existing] = await tx.select().from(pledges).where(eq(pledges.idempotencyKey, key)).limit(1);
          if (!existing) {
            await tx.insert(pledges).values({ ...values, idempotencyKey: key });
            report.add('donation', 'created');
          } else if (existing.status !== status || existing.amountCents !== cents) {
            await tx.update(pledges).set(values).where(eq(pledges.id, existing.id));
            report.add('donation', 'updated');
          } else report.add('donation', 'unchanged');
          if (opts.dryRun) throw new Rollback();
        };
        try {
          await db.transaction(write);
        } catch (err) {
          if (!(err instanceof Rollback)) report.add('donation', 'failed', label, (err as Error).message);
        }
      }
      await opts.onProgress?.(done);
    }
  } catch (err) {
    throw new Error(`${path.basename(file)} could not be read as a GiveWP CSV export: ${(err as Error).message}`);
  }
  return report;
}
