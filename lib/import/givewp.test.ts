/** GiveWP's donations CSV into campaigns and pledges (lib/import/givewp.ts), against a real database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, getDb } from '@/db/client';
import { campaigns, importMap, pledges } from '@/db/schema';
import { importGivewp, toCents } from './givewp';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-givewp-'));
// Unique form ids per run: the Postgres-server suite keeps its database between runs.
const run = String(Date.now() % 1_000_000);
const csv = fs
  .readFileSync(path.join(import.meta.dirname, 'fixtures', 'givewp-donations.csv'), 'utf8')
  .replace(/^(\d+),(\d+),/gm, (_m, d: string, f: string) => `${d}${run},${f}${run},`);
const file = path.join(tmp, 'donations.csv');
fs.writeFileSync(file, csv);

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function campaignOf(formId: string) {
  const db = await getDb();
  const [m] = await db
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, 'givewp'), eq(importMap.kind, 'campaign'), eq(importMap.externalId, `${formId}${run}`)));
  return (await db.select().from(campaigns).where(eq(campaigns.id, m.localId)))[0];
}

describe('importing GiveWP donations', () => {
  it('reads amounts into integer cents without floating point', () => {
    expect(toCents('$1,250.00')).toBe(125000);
    expect(toCents('25.5')).toBe(2550);
    expect(toCents('€80,00')).toBe(8000);
    expect(toCents('1.234.567,89')).toBe(123456789);
    expect(toCents('0.29')).toBe(29);
    expect(toCents('free')).toBeNull();
    expect(toCents('-5')).toBeNull();
  });

  it('dry run reports without writing; the import makes campaigns and pledges the bar counts; a re-run adds nothing', async () => {
    const db = await getDb();
    const dry = await importGivewp(file, { dryRun: true });
    expect(dry.counts.get('donation')).toMatchObject({ created: 5, skipped: 2 });
    expect(dry.counts.get('campaign')).toMatchObject({ created: 2 });
    expect(
      await db
        .select()
        .from(pledges)
        .where(eq(pledges.idempotencyKey, `givewp:12${run}:9001${run}`)),
    ).toEqual([]);

    const report = await importGivewp(file);
    expect(report.counts.get('donation')).toMatchObject({ created: 5, skipped: 2, failed: 0 });
    expect(report.problems.map((p) => p.reason)).toEqual(['a failed payment: no money was received', 'amount "free" is not an amount']);
    const fund = await campaignOf('12');
    expect(fund).toMatchObject({ title: 'Keep the Gazette Free', goalCents: 500000, currency: 'USD', active: false });
    const rows = await db.select().from(pledges).where(eq(pledges.campaignId, fund.id));
    const by = (email: string) => rows.find((r) => r.email === email)!;
    expect(by('ruth@example.net')).toMatchObject({
      amountCents: 125000,
      status: 'received',
      displayName: 'Ruth Alvarez',
      message: 'Local news matters.',
      anonymous: false,
    });
    expect(by('ruth@example.net').receivedAt?.toISOString()).toBe('2025-02-01T10:00:00.000Z');
    expect(by('tom@example.net')).toMatchObject({ amountCents: 2550, status: 'received', anonymous: true });
    expect(by('lena@example.net').status).toBe('cancelled');
    expect(by('sam@example.net')).toMatchObject({ status: 'pledged', confirmedAt: null });
    const equipment = await campaignOf('14');
    expect(equipment).toMatchObject({ currency: 'EUR', goalCents: 10000 });
    expect(report.notes.join('\n')).toContain('Campaign "Newsroom Equipment" had no goal');
    const [jo] = await db.select().from(pledges).where(eq(pledges.campaignId, equipment.id));
    expect(jo).toMatchObject({ amountCents: 8000, message: 'For the cameras, "finally"' });

    const again = await importGivewp(file);
    expect(again.counts.get('donation')).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(await db.select().from(pledges).where(eq(pledges.campaignId, fund.id))).toHaveLength(4);
  });
});
