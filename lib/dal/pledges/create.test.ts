/** Pledging: idempotent retries (concurrent, replayed, without JavaScript), and the campaign rules a pledge meets. */
import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailOutbox, pledges } from '@/db/schema';
import { getCampaignSummary, loadTotals } from '@/lib/dal/campaigns';
import { createPledge } from './create';
import { ctx, form, makeCampaign, rowCount, setUpPledgeFixtures } from './test-fixtures';
import { reader } from './test-people';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();

describe('createPledge idempotency', () => {
  it('50 simultaneous submissions with one key leave exactly one row, and all name the same pledge', async () => {
    const f = form();
    const results = await Promise.all(Array.from({ length: 50 }, () => createPledge(f, { viewer: null })));
    expect(await rowCount()).toBe(1);
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // One thank-you mail, not fifty.
    const db = await getDb();
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'ada@example.com'));
    expect(mails.filter((m) => m.text.includes(results[0].id.replace(/-/g, '').slice(0, 8).toUpperCase()))).toHaveLength(1);
  });

  it('1,000 pledges submitted with retries: totals equal the sum of the unique pledges', async () => {
    const unique = Array.from({ length: 1000 }, (_, i) =>
      form({ idempotencyKey: `k-${i}-${crypto.randomUUID()}`, amountCents: 100 + ((i * 7919) % 50000), email: `p${i % 300}@example.com` }),
    );
    const submissions = unique.flatMap((f, i) => Array.from({ length: 1 + (i % 3) }, () => f));
    // Shuffle so that retries of one pledge interleave with others.
    for (let i = submissions.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [submissions[i], submissions[j]] = [submissions[j], submissions[i]];
    }
    const results: string[] = [];
    for (let i = 0; i < submissions.length; i += 50) {
      const batch = await Promise.all(submissions.slice(i, i + 50).map((f) => createPledge(f, { viewer: null })));
      results.push(...batch.map((r) => r.id));
    }
    expect(await rowCount()).toBe(1000);
    expect(new Set(results).size).toBe(1000);
    // Guest pledges count once confirmed (all amounts here are under the review ceiling).
    expect((await loadTotals(await getDb(), ctx.campaignId)).pledgedCents).toBe(0);
    await (await getDb()).update(pledges).set({ confirmedAt: new Date() }).where(eq(pledges.campaignId, ctx.campaignId));
    const expected = unique.reduce((s, f) => s + f.amountCents, 0);
    const db = await getDb();
    const totals = await loadTotals(db, ctx.campaignId);
    expect(totals.pledgedCents).toBe(expected);
    expect(totals.outstandingCents).toBe(expected);
    expect(totals.receivedCents).toBe(0);
    expect(totals.supporters).toBe(300);
    const summary = await getCampaignSummary(ctx.campaignId);
    expect(summary?.pledgedCents).toBe(expected);
  }, 180_000);

  it('refuses a reused key with a different amount, and stores nothing new', async () => {
    const f = form();
    const first = await createPledge(f, { viewer: null });
    await expect(createPledge({ ...f, amountCents: 5000 }, { viewer: null })).rejects.toThrow(
      /already used for a pledge\. To pledge a different amount/,
    );
    await expect(createPledge({ ...f, email: 'someone@else.test' }, { viewer: null })).rejects.toThrow(/different pledge/);
    expect(await rowCount()).toBe(1);
    expect((await createPledge(f, { viewer: null })).id).toBe(first.id);
  });

  it('without a key (no JavaScript), an identical resubmission is the same pledge', async () => {
    const f = form({ idempotencyKey: '' });
    const a = await createPledge(f, { viewer: null });
    const b = await createPledge(f, { viewer: null });
    expect(b.id).toBe(a.id);
    const c = await createPledge({ ...f, amountCents: 1000 }, { viewer: null });
    expect(c.id).not.toBe(a.id);
    expect(await rowCount()).toBe(2);
  });

  it('uses the account for signed-in pledgers and requires an email from guests', async () => {
    const mine = await createPledge(form({ email: '' }), { viewer: reader });
    const db = await getDb();
    const [row] = await db.select().from(pledges).where(eq(pledges.id, mine.id));
    expect(row.userId).toBe(reader.id);
    expect(row.email).toBe(reader.email);
    await expect(createPledge(form({ email: '' }), { viewer: null })).rejects.toMatchObject({
      fieldErrors: { email: [expect.stringMatching(/email/)] },
    });
  });
});

describe('closed and missing campaigns', () => {
  it.each([
    ['inactive', { active: false }, /closed/],
    ['ended', { endsAt: new Date(Date.now() - 1000) }, /ended/],
    ['not started', { startsAt: new Date(Date.now() + 86_400_000) }, /not started/],
  ] as const)('refuses a pledge to an %s campaign and stores nothing', async (_name, values, message) => {
    const id = await makeCampaign(values);
    await expect(createPledge(form({ campaignId: id }), { viewer: null })).rejects.toThrow(message);
    expect(await rowCount(eq(pledges.campaignId, id))).toBe(0);
    const summary = await getCampaignSummary(id);
    expect(summary?.closedReason).toMatch(message);
  });

  it('stops at the goal when configured, and still shows the final bar', async () => {
    const id = await makeCampaign({ goalCents: 5000, stopAtGoal: true });
    // Unconfirmed guest promises can't close a campaign.
    await createPledge(form({ campaignId: id, amountCents: 5000, email: 'stranger@example.com' }), { viewer: null });
    await createPledge(form({ campaignId: id, amountCents: 3000, email: '' }), { viewer: reader });
    await createPledge(form({ campaignId: id, amountCents: 2000, email: '' }), { viewer: reader });
    await expect(createPledge(form({ campaignId: id, amountCents: 100 }), { viewer: null })).rejects.toThrow(/reached its goal/);
    const summary = await getCampaignSummary(id);
    expect(summary).toMatchObject({ pledgedCents: 5000, percent: 100, supporters: 1 });
    expect(summary?.closedReason).toMatch(/reached its goal/);
  });

  it('still answers a retry of a pledge after the campaign closed', async () => {
    const id = await makeCampaign({ goalCents: 2500, stopAtGoal: true });
    const f = form({ campaignId: id, amountCents: 2500, email: '' });
    const a = await createPledge(f, { viewer: reader });
    expect((await getCampaignSummary(id))?.closedReason).toMatch(/reached its goal/);
    expect((await createPledge(f, { viewer: reader })).id).toBe(a.id);
  });

  it('refuses a missing campaign with a clear message', async () => {
    await expect(createPledge(form({ campaignId: 'no-such-campaign' }), { viewer: null })).rejects.toThrow(/does not exist/);
  });

  it('refuses a currency other than the campaign’s', async () => {
    await expect(createPledge(form({ currency: 'EUR' }), { viewer: null })).rejects.toMatchObject({
      fieldErrors: { currency: [expect.stringMatching(/USD/)] },
    });
    expect(await rowCount()).toBe(0);
  });
});
