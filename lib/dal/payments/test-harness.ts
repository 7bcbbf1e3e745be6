/**
 * For the payments tests (vitest only; each file declares the usual pledge mocks, see
 * lib/dal/pledges/test-fixtures.ts): a local Stripe (lib/testing/fake-stripe.ts) the official SDK talks to
 * over HTTP, its webhooks delivered to the real route handler in process, and a real SMTP server that
 * receives the receipts.
 *   const h = setUpPayments();
 *   const { pledgeId, sessionId } = await h.payOnline({ customAmount: '25', frequency: 'monthly' });
 *   await h.post(...h.fake.complete(sessionId));
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { POST } from '@/app/api/payments/stripe/route';
import { getDb } from '@/db/client';
import { paymentEvents, payments, pledges } from '@/db/schema';
import { guestFields, submit } from '@/lib/dal/pledges/test-fixtures';
import { startFakeStripe, type FakeStripe, type SignedEvent } from '@/lib/testing/fake-stripe';
import { startSmtpInbox } from '@/lib/testing/smtp-inbox';

const STRIPE_KEYS = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_HOST', 'STRIPE_API_PORT', 'STRIPE_API_PROTOCOL'];

export function setUpPayments() {
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  const h = {
    fake: undefined as unknown as FakeStripe,
    /** Delivers signed events to the webhook route, as Stripe would (in order); the answers. */
    async post(...events: SignedEvent[]): Promise<Array<{ status: number; body: Record<string, unknown> }>> {
      const out = [];
      for (const e of events) out.push(await postOne(e.body, e.signature));
      return out;
    },
    postRaw: postOne,
    /** The pledge form posted with "Pay now by card": the pledge id and the Checkout Session it was sent to. */
    async payOnline(over: Record<string, string> = {}) {
      const fields = guestFields({ pay: 'card', ...over });
      const r = await submit(fields);
      if (!r.redirect) throw new Error(`No redirect: ${JSON.stringify(r)}`);
      const sessionId = /\/checkout\/(cs_test_\w+)$/.exec(r.redirect)?.[1];
      if (!sessionId) throw new Error(`Not sent to checkout: ${r.redirect}`);
      const pledgeId = h.fake.sessions.get(sessionId)!.client_reference_id!;
      return { pledgeId, sessionId, email: fields.email, redirect: r.redirect };
    },
    mailsTo(to: string, subject?: RegExp) {
      return inbox.mails.filter((m) => m.to.includes(to) && (!subject || subject.test(m.subject)));
    },
    async pledge(id: string) {
      const db = await getDb();
      return (await db.select().from(pledges).where(eq(pledges.id, id)))[0];
    },
    async paymentsOf(id: string) {
      const db = await getDb();
      return db.select().from(payments).where(eq(payments.pledgeId, id)).orderBy(payments.receivedAt, payments.id);
    },
    /** How many times this event is recorded as handled (0 or 1). */
    async handled(e: SignedEvent) {
      const db = await getDb();
      return (
        await db
          .select({ n: count() })
          .from(paymentEvents)
          .where(eq(paymentEvents.id, String(e.event.id)))
      )[0].n;
    },
  };

  async function postOne(body: string, signature: string | null) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature) headers['stripe-signature'] = signature;
    const res = await POST(new Request('http://localhost/api/payments/stripe', { method: 'POST', body, headers }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    process.env.SMTP_URL = inbox.url;
    h.fake = await startFakeStripe({
      webhookSecret: 'whsec_test_broadsheet',
      deliver: async (e) => ({ status: (await postOne(e.body, e.signature)).status }),
    });
    Object.assign(process.env, h.fake.env);
  });
  beforeEach(() => {
    inbox.mails.length = 0;
  });
  afterAll(async () => {
    for (const k of STRIPE_KEYS) delete process.env[k];
    delete process.env.SMTP_URL;
    await h.fake?.close();
    await inbox?.close();
  });
  return h;
}
