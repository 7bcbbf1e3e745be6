/** Trust, part one: a guest's pledge counts only once its address is confirmed, and a large one only once staff approve it. */
import { describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import nodeCrypto from 'node:crypto';
import { getDb } from '@/db/client';
import { auditLog, pledges } from '@/db/schema';
import { createPledge } from './create';
import { cancelPledgeWithToken, confirmPledge, getPledgeForConfirmation } from './confirm-cancel';
import { listDonorWall } from './reads';
import { listPledgesForStaff } from './staff-list';
import { reviewPledge } from './staff';
import { pledgeToken } from './tokens';
import { campaignFormSchema } from '@/lib/validation/pledge';
import { bar, ctx, form, guestFields, mailedConfirmLink, makeCampaign, rowCount, setUpPledgeFixtures, submit } from './test-fixtures';
import { actAsViewer, admin, author, newUser, reader, RUN } from './test-people';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();

describe('trust: pledges that trolls cannot inflate', () => {
  it('the 100,000 USD guest pledge does not move the bar; confirmed, it is held above the ceiling until an admin approves it', async () => {
    ctx.campaignId = await makeCampaign({ goalCents: 500_000 });
    const db = await getDb();
    // 990 USD already in: the bar at 19 %.
    await db.insert(pledges).values({
      campaignId: ctx.campaignId,
      email: 'early@example.com',
      amountCents: 99_000,
      currency: 'USD',
      status: 'received',
      receivedAt: new Date(),
      idempotencyKey: `early-${crypto.randomUUID()}`,
    });
    expect(await bar()).toMatchObject({ pledgedCents: 99_000, percent: 19, supporters: 1 });

    const troll = `troll-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const r = await submit(guestFields({ customAmount: '100000', displayName: 'Totally Real Donor', email: troll }));
    expect(r.redirect).toBe('/pledges/thanks');
    expect(await rowCount()).toBe(2);
    // Not 2020 %: an anonymous, unconfirmed promise moves nothing and is not on the wall.
    expect(await bar()).toMatchObject({ pledgedCents: 99_000, outstandingCents: 0, percent: 19, supporters: 1 });
    expect((await listDonorWall(ctx.campaignId, 1)).entries.map((e) => e.name)).not.toContain('Totally Real Donor');

    const [id, token] = await mailedConfirmLink(troll);
    const confirmed = await confirmPledge(id, token);
    expect(confirmed.view).toMatchObject({ confirmed: true, held: true });
    // Above the campaign's ceiling (1,000 USD by default): still nothing until staff approve.
    expect(await bar()).toMatchObject({ pledgedCents: 99_000, percent: 19 });

    // Staff see it, labelled.
    actAsViewer(admin);
    const held = await listPledgesForStaff({ campaignId: ctx.campaignId, review: 'held' });
    expect(held.rows.map((p) => p.id)).toEqual([id]);
    expect(held.rows[0]).not.toHaveProperty('confirmTokenHash');
    expect(held.rows[0]).not.toHaveProperty('cancelTokenHash');

    // Nobody but an admin can approve it.
    for (const who of [null, reader, author]) {
      actAsViewer(who);
      await expect(reviewPledge({ pledgeId: id, decision: 'approve', note: '' })).rejects.toThrow(/sign in|not allowed/i);
    }
    expect((await db.select().from(pledges).where(eq(pledges.id, id)))[0].review).toBe('held');
    expect(await bar()).toMatchObject({ pledgedCents: 99_000 });

    actAsViewer(admin);
    await reviewPledge({ pledgeId: id, decision: 'approve', note: 'Called the donor' });
    expect(await bar()).toMatchObject({ pledgedCents: 10_099_000, outstandingCents: 10_000_000, supporters: 2 });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'pledge.review.approve')));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(admin.id);
    // A repeated click is harmless.
    expect((await reviewPledge({ pledgeId: id, decision: 'approve', note: '' })).changed).toBe(false);
  });

  it('under the ceiling the mailed link makes a guest pledge count; the link is single-use, stored hashed, and nothing else confirms', async () => {
    const email = `confirm-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const p = await createPledge(form({ email }), { viewer: null });
    expect(p).toMatchObject({ created: true, needsConfirmation: true, held: false });
    expect(await bar()).toMatchObject({ pledgedCents: 0, supporters: 0 });
    const [id, token] = await mailedConfirmLink(email);
    expect(id).toBe(p.id);

    const db = await getDb();
    const [stored] = await db.select().from(pledges).where(eq(pledges.id, id));
    expect(stored.confirmTokenHash).toBe(nodeCrypto.createHash('sha256').update(token).digest('hex'));
    expect(token.length).toBeGreaterThanOrEqual(40);

    // A guessed token, or the pledge's other (cancel/manage) link, confirms nothing.
    await expect(confirmPledge(id, 'x'.repeat(43))).rejects.toThrow(/not valid/);
    await expect(confirmPledge(id, pledgeToken(id))).rejects.toThrow(/not valid/);
    expect(await getPledgeForConfirmation(id, 'x'.repeat(43))).toBeNull();
    expect(await getPledgeForConfirmation(id, token)).toMatchObject({ confirmed: false, maskedEmail: `c***@example.com` });
    expect(await bar()).toMatchObject({ pledgedCents: 0 });

    const first = await confirmPledge(id, token);
    expect(first).toMatchObject({ alreadyConfirmed: false, view: { confirmed: true, held: false } });
    expect(await bar()).toMatchObject({ pledgedCents: 2500, outstandingCents: 2500, supporters: 1 });
    const [after] = await db.select().from(pledges).where(eq(pledges.id, id));

    // Used once: a second click changes nothing.
    expect((await confirmPledge(id, token)).alreadyConfirmed).toBe(true);
    const [again] = await db.select().from(pledges).where(eq(pledges.id, id));
    expect(again.confirmedAt).toEqual(after.confirmedAt);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'pledge.confirm.link'))),
    ).toHaveLength(1);
    expect(await bar()).toMatchObject({ pledgedCents: 2500 });

    // A cancelled pledge can't be confirmed back into the bar.
    const q = `late-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const late = await createPledge(form({ email: q }), { viewer: null });
    await cancelPledgeWithToken(late.id, pledgeToken(late.id));
    const [lateId, lateToken] = await mailedConfirmLink(q);
    await expect(confirmPledge(lateId, lateToken)).rejects.toThrow(/cancelled/);
    expect(await bar()).toMatchObject({ pledgedCents: 2500 });
  });

  it('a signed-in reader with a verified address counts at once; an unverified account, or another address, needs the link', async () => {
    const fan = await newUser();
    const ghost = await newUser(false);
    const mine = await createPledge(form({ email: '', amountCents: 1000 }), { viewer: fan });
    expect(mine.needsConfirmation).toBe(false);
    expect(await bar()).toMatchObject({ pledgedCents: 1000 });
    await createPledge(form({ email: '', amountCents: 2000 }), { viewer: ghost });
    await createPledge(form({ email: `someone-else-${RUN}@example.com`, amountCents: 4000 }), { viewer: fan });
    expect(await bar()).toMatchObject({ pledgedCents: 1000, supporters: 1 });
    // The unverified account gets the link like a guest, and counts once it is used.
    const [id, token] = await mailedConfirmLink(ghost.email);
    await confirmPledge(id, token);
    expect(await bar()).toMatchObject({ pledgedCents: 3000, supporters: 2 });
  });

  it('the review ceiling is a campaign setting; a rejected pledge is cancelled and never counts', async () => {
    // A campaign that trusts large pledges: the confirmed 100,000 USD counts.
    ctx.campaignId = await makeCampaign({ reviewAboveCents: 20_000_000 });
    const big = `big-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await createPledge(form({ email: big, amountCents: 10_000_000 }), { viewer: null });
    const [bigId, bigToken] = await mailedConfirmLink(big);
    expect((await confirmPledge(bigId, bigToken)).view.held).toBe(false);
    expect(await bar()).toMatchObject({ pledgedCents: 10_000_000 });

    // The default ceiling: 2,000 USD is held; rejected, it is cancelled.
    ctx.campaignId = await makeCampaign();
    const signedIn = await newUser();
    const p = await createPledge(form({ email: '', amountCents: 200_000 }), { viewer: signedIn });
    expect(p).toMatchObject({ needsConfirmation: false, held: true });
    expect(await bar()).toMatchObject({ pledgedCents: 0 });
    actAsViewer(admin);
    await reviewPledge({ pledgeId: p.id, decision: 'reject', note: 'No such donor' });
    const db = await getDb();
    const [row] = await db.select().from(pledges).where(eq(pledges.id, p.id));
    expect(row).toMatchObject({ status: 'cancelled', review: 'rejected', staffNote: 'No such donor' });
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, 'pledge.review.reject'))),
    ).toHaveLength(1);
    await expect(reviewPledge({ pledgeId: p.id, decision: 'approve', note: '' })).rejects.toThrow(/not waiting for review/);
    expect(await bar()).toMatchObject({ pledgedCents: 0, supporters: 0 });

    // Staff set the ceiling in the campaign editor (units, like the goal); empty means the default.
    const base = {
      slug: 'x-fund',
      title: 'X',
      description: '',
      goal: '5000',
      currency: 'USD',
      presets: '',
      startsAt: '',
      endsAt: '',
      paymentInstructions: '',
    };
    expect(campaignFormSchema.parse({ ...base, reviewAbove: '250' })).toMatchObject({
      reviewAboveCents: 25_000,
      publishMessagesAtOnce: false,
    });
    expect(campaignFormSchema.parse({ ...base, reviewAbove: '', publishMessagesAtOnce: 'on' })).toMatchObject({
      reviewAboveCents: 100_000,
      publishMessagesAtOnce: true,
    });
    expect(campaignFormSchema.safeParse({ ...base, reviewAbove: 'lots' }).success).toBe(false);
  });
});
