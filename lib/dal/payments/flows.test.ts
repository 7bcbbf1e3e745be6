/**
 * Pledges paid online, end to end against a local Stripe (the official SDK over HTTP to
 * lib/testing/fake-stripe.ts), webhooks signed with the SDK's test-header helper and delivered to the real
 * route, receipts received by a real SMTP server: one-time paid, monthly with two renewals, refund, failed
 * renewal, cancel from the receipt's link and from the account. Each checks the money and the bar.
 */
import { describe, expect, it, vi } from 'vitest';
import { cancelPledgeWithTokenFormAction } from '@/lib/actions/pledges';
import { TAGS } from '@/lib/cache-tags';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { fakeRequest } from '@/lib/testing/fake-headers';
import { getPaidStatus } from './checkout';
import { cancelOwnPledge, getPledgeWithToken, isSupporter, listDonorWall, listMyPledges, listPledgesForStaff } from '@/lib/dal/pledges';
import { bar, ctx, setUpPledgeFixtures, submit, guestFields } from '@/lib/dal/pledges/test-fixtures';
import { actAsViewer, admin, newUser, reader } from '@/lib/dal/pledges/test-people';
import { setUpPayments } from './test-harness';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();
const h = setUpPayments();

/** The cancel link a receipt carries: [pledge id, token]. */
function cancelLinkIn(text: string): [string, string] {
  const m = /\/pledges\/([0-9a-f-]{36})\/([\w%-]+)\/cancel/.exec(text);
  if (!m) throw new Error(`No cancel link in: ${text}`);
  return [m[1], decodeURIComponent(m[2])];
}

async function postForm(fn: (fd: FormData) => Promise<void>, fields: Record<string, string>): Promise<string | null> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  try {
    await fn(fd);
    return null;
  } catch (err) {
    const digest = (err as { digest?: string }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT')) return digest.split(';')[2];
    throw err;
  }
}

describe('one-time gift', () => {
  it('is sent to Checkout, counts nothing until Stripe says paid, then is received: bar, wall, receipt', async () => {
    const { pledgeId, sessionId, email, redirect } = await h.payOnline({ customAmount: '25', displayName: 'Card Giver' });
    expect(redirect).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.fake.port}/checkout/cs_test_`));
    const session = h.fake.sessions.get(sessionId)!;
    expect(session).toMatchObject({ mode: 'payment', amount_total: 2500, currency: 'usd', customer_email: email });
    expect(session.success_url).toMatch(new RegExp(`/pledges/paid/${pledgeId}$`));
    // Recorded, not counted, no "how to pay" mail, and the return page only reads.
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'pledged', provider: 'stripe', providerRef: sessionId });
    expect(await bar()).toMatchObject({ receivedCents: 0, outstandingCents: 0, supporters: 0 });
    expect(h.mailsTo(email)).toEqual([]);
    expect(await getPaidStatus(pledgeId)).toMatchObject({ status: 'waiting' });
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'pledged' });

    const { result, tags } = await recordInvalidations(() => h.post(...h.fake.complete(sessionId)));
    expect(result.map((r) => [r.status, r.body.result])).toEqual([[200, 'applied']]);
    expect(tags).toEqual(expect.arrayContaining([TAGS.campaigns, TAGS.campaign(ctx.campaignId), TAGS.pledge(pledgeId)]));
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'received' });
    expect(await h.paymentsOf(pledgeId)).toMatchObject([{ amountCents: 2500, currency: 'USD', refundedCents: 0 }]);
    expect(await bar()).toMatchObject({ receivedCents: 2500, outstandingCents: 0, pledgedCents: 2500, supporters: 1 });
    expect((await listDonorWall(ctx.campaignId)).entries.map((e) => e.name)).toEqual(['Card Giver']);
    expect(await getPaidStatus(pledgeId)).toMatchObject({ status: 'received' });

    const [receipt] = h.mailsTo(email, /^Receipt/);
    expect(receipt.subject).toMatch(/\$25\.00/);
    expect(receipt.text).toMatch(/Paid: \$25\.00/);
    expect(receipt.text).toMatch(/Date: \d{4}-\d{2}-\d{2}/);
    expect(receipt.text).toMatch(/Payment reference: pi_test_/);
    expect(receipt.text).toMatch(/one-time gift: nothing more will be charged/);
  });

  it('a refund takes it off the bar and the wall; the books keep the payment with its refund', async () => {
    const { pledgeId, sessionId, email } = await h.payOnline({ customAmount: '40' });
    await h.post(...h.fake.complete(sessionId));
    expect(await bar()).toMatchObject({ receivedCents: 4000, supporters: 1 });
    const pi = h.fake.sessions.get(sessionId)!.payment_intent!;
    const [r] = await h.post(...h.fake.refund(pi));
    expect(r).toMatchObject({ status: 200, body: { result: 'applied' } });
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'refunded' });
    expect(await h.paymentsOf(pledgeId)).toMatchObject([{ amountCents: 4000, refundedCents: 4000 }]);
    expect(await bar()).toMatchObject({ receivedCents: 0, outstandingCents: 0, supporters: 0 });
    expect((await listDonorWall(ctx.campaignId)).total).toBe(0);
    expect(h.mailsTo(email, /^Receipt/)).toHaveLength(1);
  });

  it('the supporter badge follows the money: not while checking out, yes once paid, gone when refunded', async () => {
    const giver = await newUser();
    actAsViewer(giver);
    const { sessionId } = await h.payOnline({ customAmount: '25', email: giver.email, displayName: 'Badge Giver' });
    expect(await isSupporter(giver.id)).toBe(false);
    await h.post(...h.fake.complete(sessionId));
    expect(await isSupporter(giver.id)).toBe(true);
    await h.post(...h.fake.refund(h.fake.sessions.get(sessionId)!.payment_intent!));
    expect(await isSupporter(giver.id)).toBe(false);
  });

  it('without Stripe configured, "pay=card" is today’s pledge: payment instructions by mail, staff mark it received', async () => {
    const saved = { ...h.fake.env };
    for (const k of Object.keys(saved)) delete process.env[k];
    try {
      const fields = guestFields({ pay: 'card' });
      expect(await submit(fields)).toMatchObject({ redirect: '/pledges/thanks' });
      expect(h.mailsTo(fields.email)[0].text).toMatch(/How to pay/);
      const [res] = await h.post(
        h.fake.sign('checkout.session.completed', { id: 'cs_test_x', object: 'checkout.session', payment_status: 'paid' }),
      );
      expect(res.status).toBe(404);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});

describe('monthly gift', () => {
  it('first month and two renewals: one payment per month, a receipt each with the link to stop it', async () => {
    const { pledgeId, sessionId, email } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
    expect(h.fake.sessions.get(sessionId)).toMatchObject({ mode: 'subscription', amount_total: 2500 });
    // Stripe sends both checkout.session.completed and invoice.paid for the first month: one payment.
    const first = await h.post(...h.fake.complete(sessionId));
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    const subId = h.fake.sessions.get(sessionId)!.subscription!;
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'received', providerSubscriptionId: subId });
    expect(await h.paymentsOf(pledgeId)).toHaveLength(1);
    expect(await bar()).toMatchObject({ receivedCents: 2500, supporters: 1 });

    await h.post(...h.fake.renew(subId)!);
    await h.post(...h.fake.renew(subId)!);
    const rows = await h.paymentsOf(pledgeId);
    expect(rows.map((p) => p.amountCents)).toEqual([2500, 2500, 2500]);
    // Each renewal is for its own month.
    const periods = rows.map((p) => p.periodStart?.getTime());
    expect(new Set(periods).size).toBe(3);
    expect(await bar()).toMatchObject({ receivedCents: 7500, outstandingCents: 0, supporters: 1 });

    // Staff see the provider's references: checkout, subscription, customer, and each invoice paid.
    actAsViewer(admin);
    const { rows: staffRows } = await listPledgesForStaff({ q: pledgeId });
    expect(staffRows[0]).toMatchObject({
      provider: 'stripe',
      providerRef: sessionId,
      providerSubscriptionId: subId,
      providerCustomerId: expect.stringMatching(/^cus_test_/),
    });
    expect(staffRows[0].payments.map((p) => p.ref)).toEqual(rows.map((p) => p.ref));
    expect(staffRows[0].payments.every((p) => /^in_test_/.test(p.ref))).toBe(true);
    actAsViewer(null);

    const receipts = h.mailsTo(email, /^Receipt/);
    expect(receipts).toHaveLength(3);
    for (const r of receipts) {
      expect(r.text).toMatch(/Paid: \$25\.00/);
      expect(r.text).toMatch(/For the month starting: \d{4}-\d{2}-\d{2}/);
      expect(r.text).toMatch(/Payment reference: in_test_/);
      expect(cancelLinkIn(r.text)[0]).toBe(pledgeId);
    }
  });

  it('a failed renewal mails the donor and moves nothing', async () => {
    const { sessionId, email } = await h.payOnline({ customAmount: '10', frequency: 'monthly' });
    await h.post(...h.fake.complete(sessionId));
    const subId = h.fake.sessions.get(sessionId)!.subscription!;
    const [r] = await h.post(...h.fake.renew(subId, false)!);
    expect(r.status).toBe(200);
    const failed = h.mailsTo(email, /payment failed/);
    expect(failed).toHaveLength(1);
    expect(failed[0].text).toMatch(/\$10\.00/);
    expect(failed[0].text).toMatch(/To stop your monthly gift instead: http/);
    expect(await bar()).toMatchObject({ receivedCents: 1000 });
  });

  it('the receipt’s link stops it at Stripe (POST, no JavaScript): no next renewal, the months paid stay on the bar', async () => {
    const { pledgeId, sessionId, email } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
    await h.post(...h.fake.complete(sessionId));
    const subId = h.fake.sessions.get(sessionId)!.subscription!;
    const [id, token] = cancelLinkIn(h.mailsTo(email, /^Receipt/)[0].text);
    const view = await getPledgeWithToken(id, token);
    expect(view).toMatchObject({ status: 'received', cancellable: true, online: true });

    fakeRequest.plainFormPost = true;
    const to = await postForm(cancelPledgeWithTokenFormAction, { pledgeId: id, token });
    expect(to).toBe(`/pledges/${id}/${token}`);
    expect(h.fake.subs.get(subId)!.status).toBe('canceled');
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'cancelled' });
    // Stripe's customer.subscription.deleted followed and changed nothing more.
    expect(h.fake.delivered.at(-1)).toEqual({ type: 'customer.subscription.deleted', status: 200 });
    expect(h.mailsTo(email, /is stopped/)).toHaveLength(1);
    // The next month: nothing is charged.
    expect(h.fake.renew(subId)).toBeNull();
    expect(await h.paymentsOf(pledgeId)).toHaveLength(1);
    expect(await bar()).toMatchObject({ receivedCents: 2500 });
    // Again: already cancelled, Stripe not asked twice.
    expect(await postForm(cancelPledgeWithTokenFormAction, { pledgeId: id, token })).toBe(`/pledges/${id}/${token}`);
  });

  it('a signed-in donor stops it from their account', async () => {
    actAsViewer(reader);
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '15', frequency: 'monthly', email: reader.email });
    await h.post(...h.fake.complete(sessionId));
    const mine = (await listMyPledges()).find((p) => p.id === pledgeId)!;
    expect(mine).toMatchObject({ status: 'received', cancellable: true });
    await cancelOwnPledge(pledgeId);
    expect(h.fake.subs.get(h.fake.sessions.get(sessionId)!.subscription!)!.status).toBe('canceled');
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'cancelled' });
    expect(await bar()).toMatchObject({ receivedCents: 1500 });
  });
});
