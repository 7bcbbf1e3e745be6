/**
 * The webhook's guarantees against what Stripe (or someone else) may send: a forged or altered signature
 * (400, nothing changes), an event delivered twice (applied once), an event whose amount or currency is not
 * the pledge's (refused, logged, nothing changes), and events out of order (the money and the bar end
 * right). Signed with the official SDK's `webhooks.generateTestHeaderString`.
 */
import { describe, expect, it, vi } from 'vitest';
import Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { paymentEvents } from '@/db/schema';
import { bar, setUpPledgeFixtures } from '@/lib/dal/pledges/test-fixtures';
import { setUpPayments } from './test-harness';
import { cancelPledgeWithToken, pledgeToken } from '@/lib/dal/pledges';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();
const h = setUpPayments();

type Obj = Record<string, unknown>;
const objectOf = (e: { event: Obj }) => (e.event.data as { object: Obj }).object;

async function nothingChanged(pledgeId: string) {
  expect(await h.pledge(pledgeId)).toMatchObject({ status: 'pledged', providerSubscriptionId: null });
  expect(await h.paymentsOf(pledgeId)).toEqual([]);
  expect(await bar()).toMatchObject({ receivedCents: 0, outstandingCents: 0, supporters: 0 });
}

describe('signatures', () => {
  it('a forged, altered, stale-secret or missing signature is a 400 and changes nothing', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { pledgeId, sessionId, email } = await h.payOnline({ customAmount: '25' });
    const [real] = h.fake.complete(sessionId);
    const signer = new Stripe('sk_test_other');
    const forged = signer.webhooks.generateTestHeaderString({ payload: real.body, secret: 'whsec_not_ours' });
    const altered = real.body.replace('"amount_total": 2500', '"amount_total": 250000');
    const old = signer.webhooks.generateTestHeaderString({
      payload: real.body,
      secret: 'whsec_test_broadsheet',
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    for (const [body, sig] of [
      [real.body, forged],
      [altered, real.signature],
      [real.body, old],
      [real.body, null],
      [real.body, 'garbage'],
    ] as const) {
      expect((await h.postRaw(body, sig)).status).toBe(400);
    }
    await nothingChanged(pledgeId);
    expect(await h.handled(real)).toBe(0);
    expect(h.mailsTo(email)).toEqual([]);
    expect(warned).toHaveBeenCalledTimes(5);
    warned.mockRestore();
    // The genuine one still works afterwards.
    expect((await h.post(real))[0]).toMatchObject({ status: 200, body: { result: 'applied' } });
    expect(await bar()).toMatchObject({ receivedCents: 2500 });
  });
});

describe('once', () => {
  it('an event delivered three times (two at once) is applied once: one payment, one receipt', async () => {
    const { pledgeId, sessionId, email } = await h.payOnline({ customAmount: '25' });
    const [paid] = h.fake.complete(sessionId);
    const answers = await Promise.all([h.post(paid), h.post(paid)]);
    const again = await h.post(paid);
    expect([...answers.flat(), ...again].map((a) => a.status)).toEqual([200, 200, 200]);
    expect([...answers.flat(), ...again].map((a) => a.body.result).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await h.paymentsOf(pledgeId)).toHaveLength(1);
    expect(h.mailsTo(email, /^Receipt/)).toHaveLength(1);
    expect(await bar()).toMatchObject({ receivedCents: 2500, supporters: 1 });
  });

  it('a renewal replayed is one month, not two', async () => {
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
    await h.post(...h.fake.complete(sessionId));
    const [renewal] = h.fake.renew(h.fake.sessions.get(sessionId)!.subscription!)!;
    await h.post(renewal, renewal, renewal);
    expect(await h.paymentsOf(pledgeId)).toHaveLength(2);
    expect(await bar()).toMatchObject({ receivedCents: 5000 });
  });
});

describe('the money is Stripe’s and must be the pledge’s', () => {
  it('a completed session for another amount, or in another currency, is refused, logged and changes nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '25' });
    const [real] = h.fake.complete(sessionId);
    const cheaper = h.fake.sign('checkout.session.completed', { ...objectOf(real), amount_total: 100 });
    const euros = h.fake.sign('checkout.session.completed', { ...objectOf(real), currency: 'eur' });
    for (const e of [cheaper, euros]) {
      expect((await h.post(e))[0]).toMatchObject({ status: 200, body: { result: 'refused' } });
    }
    await nothingChanged(pledgeId);
    expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/refused stripe event evt_\w+ \(checkout\.session\.completed\): amount 100 is not the pledge's 2500/),
      expect.stringMatching(/refused .*currency EUR is not the pledge's USD/),
    ]);
    const db = await getDb();
    const [row] = await db
      .select()
      .from(paymentEvents)
      .where(eq(paymentEvents.id, String(cheaper.event.id)));
    expect(row.outcome).toMatch(/^refused: amount 100/);
    logged.mockRestore();
  });

  it('a renewal for another amount is refused; the months paid stay as they were', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
    await h.post(...h.fake.complete(sessionId));
    const [renewal] = h.fake.renew(h.fake.sessions.get(sessionId)!.subscription!)!;
    const bigger = h.fake.sign('invoice.paid', { ...objectOf(renewal), id: 'in_test_bigger', amount_paid: 99900 });
    expect((await h.post(bigger))[0].body.result).toBe('refused');
    expect(await h.paymentsOf(pledgeId)).toHaveLength(1);
    expect(await bar()).toMatchObject({ receivedCents: 2500 });
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  it('an event naming a pledge that was not paid online is refused', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { sessionId } = await h.payOnline({ customAmount: '25' });
    const [real] = h.fake.complete(sessionId);
    const stranger = h.fake.sign('checkout.session.completed', { ...objectOf(real), client_reference_id: crypto.randomUUID() });
    expect((await h.post(stranger))[0].body.result).toBe('refused');
    expect(await bar()).toMatchObject({ receivedCents: 0 });
    logged.mockRestore();
  });
});

describe('out of order', () => {
  it('the first invoice before the session completes: one payment, received, the bar right', async () => {
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
    const [completed, invoice] = h.fake.complete(sessionId);
    await h.post(invoice);
    expect(await bar()).toMatchObject({ receivedCents: 2500 });
    await h.post(completed);
    expect(await h.paymentsOf(pledgeId)).toHaveLength(1);
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'received', providerSubscriptionId: expect.stringMatching(/^sub_test_/) });
    expect(await bar()).toMatchObject({ receivedCents: 2500, supporters: 1 });
  });

  it('the subscription deleted before its first payment arrives: cancelled, and the month paid still counts', async () => {
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
    const [completed, invoice] = h.fake.complete(sessionId);
    const { events: deleted } = h.fake.cancel(h.fake.sessions.get(sessionId)!.subscription!)!;
    await h.post(...deleted, invoice, completed);
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'cancelled' });
    expect(await h.paymentsOf(pledgeId)).toMatchObject([{ amountCents: 2500, refundedCents: 0 }]);
    expect(await bar()).toMatchObject({ receivedCents: 2500, outstandingCents: 0 });
  });

  it('a refund before its payment is answered "later" (409, nothing recorded); delivered again it applies', async () => {
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '30' });
    const [completed] = h.fake.complete(sessionId);
    const [refund] = h.fake.refund(h.fake.sessions.get(sessionId)!.payment_intent!);
    expect((await h.post(refund))[0].status).toBe(409);
    expect(await h.handled(refund)).toBe(0);
    await nothingChanged(pledgeId);
    await h.post(completed, refund);
    expect(await h.handled(refund)).toBe(1);
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'refunded' });
    expect(await bar()).toMatchObject({ receivedCents: 0, supporters: 0 });
  });

  it('a partial refund then the full one, delivered backwards: refunded in full, never more', async () => {
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '50' });
    await h.post(...h.fake.complete(sessionId));
    const pi = h.fake.sessions.get(sessionId)!.payment_intent!;
    const [partial] = h.fake.refund(pi, 2000);
    const [rest] = h.fake.refund(pi);
    await h.post(rest, partial);
    expect(await h.paymentsOf(pledgeId)).toMatchObject([{ amountCents: 5000, refundedCents: 5000 }]);
    expect(await bar()).toMatchObject({ receivedCents: 0 });
  });

  it('a monthly gift cancelled while its checkout was still open, then paid: the month counts and the subscription is stopped', async () => {
    const { pledgeId, sessionId } = await h.payOnline({ customAmount: '20', frequency: 'monthly' });
    await cancelPledgeWithToken(pledgeId, pledgeToken(pledgeId));
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'cancelled' });
    await h.post(...h.fake.complete(sessionId));
    const subId = h.fake.sessions.get(sessionId)!.subscription!;
    expect(h.fake.subs.get(subId)!.status).toBe('canceled');
    expect(h.fake.renew(subId)).toBeNull();
    expect(await h.pledge(pledgeId)).toMatchObject({ status: 'cancelled', providerSubscriptionId: subId });
    expect(await bar()).toMatchObject({ receivedCents: 2000 });
  });
});
