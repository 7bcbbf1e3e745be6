/** The pledge's life after it is made: staff mark it received (receipt, audit), the pledger cancels it; the donor wall, supporter badge and CSV export. */
import { describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, mailOutbox, pledges, settings } from '@/db/schema';
import { loadTotals } from '@/lib/dal/campaigns';
import { createPledge } from './create';
import { cancelOwnPledge, cancelPledgeWithToken } from './confirm-cancel';
import { getPledgeWithToken, getSupporterIds, listDonorWall } from './reads';
import { setPledgeStatus } from './staff';
import { csvField, exportPledgesCsv } from './export';
import { pledgeToken } from './tokens';
import { ctx, form, makeCampaign, setUpPledgeFixtures } from './test-fixtures';
import { actAsViewer, admin, newUser, reader } from './test-people';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();

describe('statuses', () => {
  it('a reader cannot mark a pledge received; a guest neither; staff can, with audit and receipt', async () => {
    const p = await createPledge(form({ email: 'payer@example.com' }), { viewer: null });
    actAsViewer(null);
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' })).rejects.toThrow(/sign in/i);
    actAsViewer(reader);
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' })).rejects.toThrow(/not allowed/);
    const db = await getDb();
    expect((await db.select().from(pledges).where(eq(pledges.id, p.id)))[0].status).toBe('pledged');

    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: p.id, status: 'received', note: 'Bank transfer 12 May' });
    const [row] = await db.select().from(pledges).where(eq(pledges.id, p.id));
    expect(row).toMatchObject({ status: 'received', staffNote: 'Bank transfer 12 May' });
    expect(row.receivedAt).toBeInstanceOf(Date);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, 'pledge.received')));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(admin.id);
    const receipts = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'payer@example.com'));
    expect(receipts.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^Receipt/)]));

    const totals = await loadTotals(db, ctx.campaignId);
    expect(totals).toMatchObject({ receivedCents: 2500, outstandingCents: 0, pledgedCents: 2500 });
    // Repeating is harmless; going back is refused.
    await setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' });
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'cancelled', note: '' })).rejects.toThrow(/already received/);
  });

  it('the pledger cancels with the link token while unpaid; a wrong token does nothing', async () => {
    const p = await createPledge(form(), { viewer: null });
    await expect(cancelPledgeWithToken(p.id, 'x'.repeat(43))).rejects.toThrow(/not valid/);
    expect(await getPledgeWithToken(p.id, 'x'.repeat(43))).toBeNull();
    const view = await getPledgeWithToken(p.id, pledgeToken(p.id));
    expect(view).toMatchObject({ id: p.id, status: 'pledged', amountCents: 2500 });
    expect(view?.paymentInstructions).toMatch(/IBAN/);
    await cancelPledgeWithToken(p.id, pledgeToken(p.id));
    expect((await cancelPledgeWithToken(p.id, pledgeToken(p.id))).alreadyCancelled).toBe(true);
    const db = await getDb();
    expect(await loadTotals(db, ctx.campaignId)).toMatchObject({ pledgedCents: 0, supporters: 0 });
  });

  it('a signed-in pledger cancels their own pledge but not someone else’s', async () => {
    const mine = await createPledge(form(), { viewer: reader });
    const theirs = await createPledge(form(), { viewer: admin });
    actAsViewer(reader);
    await expect(cancelOwnPledge(theirs.id)).rejects.toThrow(/does not exist/);
    await cancelOwnPledge(mine.id);
    const db = await getDb();
    expect((await db.select().from(pledges).where(eq(pledges.id, mine.id)))[0].status).toBe('cancelled');
    expect((await db.select().from(pledges).where(eq(pledges.id, theirs.id)))[0].status).toBe('pledged');
  });
});

describe('donor wall, badge and export', () => {
  it('shows names or Anonymous, hides amounts when asked, skips cancelled pledges, pages', async () => {
    ctx.campaignId = await makeCampaign({ publishMessagesAtOnce: true });
    const mine = { viewer: reader };
    await createPledge(form({ displayName: 'Grace', message: '<b>Keep going</b>', email: '' }), mine);
    await createPledge(form({ anonymous: true, displayName: 'Secret', email: '' }), mine);
    await createPledge(form({ displayName: 'Hidden', hideAmount: true, email: '' }), mine);
    const c = await createPledge(form({ displayName: 'Gone' }), { viewer: null });
    await cancelPledgeWithToken(c.id, pledgeToken(c.id));
    const wall = await listDonorWall(ctx.campaignId, 1);
    expect(wall.total).toBe(3);
    const names = wall.entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Grace', 'Anonymous', 'Hidden']));
    expect(names).not.toContain('Secret');
    expect(wall.entries.find((e) => e.name === 'Hidden')?.amountCents).toBeNull();
    expect(wall.entries.find((e) => e.name === 'Grace')).toMatchObject({ amountCents: 2500, message: '<b>Keep going</b>' });
    for (let i = 0; i < 12; i++) await createPledge(form({ displayName: `P${i}`, email: '' }), mine);
    const p2 = await listDonorWall(ctx.campaignId, 2);
    expect(p2.pages).toBe(2);
    expect(p2.entries).toHaveLength(5);
  });

  it('getSupporterIds: users whose verified account made a pledge that counts, unless the setting is off', async () => {
    const fan = await newUser();
    // Pledged with another address: unconfirmed, no badge until staff mark it received.
    const a = await createPledge(form(), { viewer: fan });
    expect(await getSupporterIds([fan.id, admin.id])).toEqual(new Set());
    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: a.id, status: 'received', note: '' });
    expect(await getSupporterIds([fan.id, admin.id, 'nobody'])).toEqual(new Set([fan.id]));
    const db = await getDb();
    await db.insert(settings).values({ key: 'supporterBadge', value: false });
    expect(await getSupporterIds([fan.id])).toEqual(new Set());
    await db.delete(settings).where(eq(settings.key, 'supporterBadge'));
  });

  it('exports CSV for staff only, filtered by status and dates, escaped', async () => {
    await createPledge(form({ displayName: '=HYPERLINK("evil")', message: 'He said "hi",\nthen left' }), { viewer: null });
    const b = await createPledge(form({ displayName: 'Bob' }), { viewer: null });
    actAsViewer(reader);
    await expect(exportPledgesCsv({})).rejects.toThrow(/not allowed/);
    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: b.id, status: 'received', note: '' });
    const all = await exportPledgesCsv({ campaignId: ctx.campaignId });
    const lines = all.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^pledge_id,number,created_at/);
    expect(all).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(all).toContain('"He said ""hi"",\nthen left"');
    const received = await exportPledgesCsv({ campaignId: ctx.campaignId, status: 'received' });
    expect(received).toContain('"Bob"');
    expect(received).not.toContain('HYPERLINK');
    const today = new Date().toISOString().slice(0, 10);
    expect(await exportPledgesCsv({ campaignId: ctx.campaignId, from: today, to: today })).toContain('"Bob"');
    expect(await exportPledgesCsv({ campaignId: ctx.campaignId, to: '2000-01-01' })).not.toContain('"Bob"');
    expect(csvField('-5')).toBe(`"'-5"`);
  });
});
