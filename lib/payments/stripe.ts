import 'server-only';
/**
 * Stripe through its official SDK: Checkout Sessions (mode `payment` for a one-time gift, mode
 * `subscription` with a monthly `price_data` for a monthly one), cancelling subscriptions, verifying
 * webhook signatures (`webhooks.constructEvent` on the raw body) and listing recent objects for reconcile.
 * The pledge id travels as the session's client_reference_id and as metadata on the session, its
 * PaymentIntent and its subscription, so every later event names its pledge even when it arrives first.
 */
import Stripe from 'stripe';
import type { StripeConfig } from './config';
import { WebhookSignatureError, type CheckoutRequest, type PaymentEvent, type PaymentProvider, type ProviderPayment } from './provider';

type Id = string | { id: string } | null | undefined;
const idOf = (x: Id): string | null => (typeof x === 'string' ? x : (x?.id ?? null));
const upper = (c: string | null | undefined) => (c ?? '').toUpperCase();
const pledgeOf = (m: Stripe.Metadata | null | undefined) => (m && typeof m.pledge_id === 'string' ? m.pledge_id : null);

export function createStripeProvider(config: StripeConfig): PaymentProvider {
  const stripe = new Stripe(config.STRIPE_SECRET_KEY, {
    ...(config.STRIPE_API_HOST ? { host: config.STRIPE_API_HOST } : {}),
    ...(config.STRIPE_API_PORT ? { port: config.STRIPE_API_PORT } : {}),
    ...(config.STRIPE_API_PROTOCOL ? { protocol: config.STRIPE_API_PROTOCOL } : {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Broadsheet' },
  });
  const secret = config.STRIPE_WEBHOOK_SECRET;

  return {
    name: 'stripe',

    async createCheckout(req: CheckoutRequest) {
      const metadata = { pledge_id: req.pledgeId };
      const monthly = req.frequency === 'monthly';
      const session = await stripe.checkout.sessions.create(
        {
          mode: monthly ? 'subscription' : 'payment',
          client_reference_id: req.pledgeId,
          customer_email: req.email,
          success_url: req.successUrl,
          cancel_url: req.cancelUrl,
          metadata,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: req.currency.toLowerCase(),
                unit_amount: req.amountCents,
                product_data: { name: req.description },
                ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
              },
            },
          ],
          ...(monthly
            ? { subscription_data: { metadata, description: req.description } }
            : { payment_intent_data: { metadata, description: req.description } }),
        },
        // A retried form (same pledge) gets the same session back instead of a second one.
        { idempotencyKey: `broadsheet-checkout-${req.pledgeId}` },
      );
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
      return { ref: session.id, url: session.url };
    },

    async cancelSubscription(subscriptionId: string) {
      try {
        await stripe.subscriptions.cancel(subscriptionId);
      } catch (err) {
        // Already cancelled (by the donor's bank, by staff in the dashboard): the outcome we wanted.
        const e = err as { code?: string; statusCode?: number; raw?: { message?: string } };
        if (e.statusCode === 404 || e.code === 'resource_missing' || /cancel+ed/i.test(e.raw?.message ?? '')) return;
        throw err;
      }
    },

    parseWebhook(rawBody: string, signature: string | null): PaymentEvent {
      let event: Stripe.Event;
      try {
        if (!signature) throw new Error('No Stripe-Signature header');
        event = stripe.webhooks.constructEvent(rawBody, signature, secret);
      } catch (err) {
        throw new WebhookSignatureError((err as Error).message);
      }
      return reduce(event);
    },

    async listRecentPayments(since: Date): Promise<ProviderPayment[]> {
      const created = { gte: Math.floor(since.getTime() / 1000) };
      const out: ProviderPayment[] = [];
      const refunds = new Map<string, number>();
      for await (const charge of stripe.charges.list({ created, limit: 100 })) {
        const pi = idOf(charge.payment_intent);
        if (pi && charge.amount_refunded > 0) refunds.set(pi, (refunds.get(pi) ?? 0) + charge.amount_refunded);
      }
      for await (const s of stripe.checkout.sessions.list({ created, status: 'complete', limit: 100 })) {
        const pi = idOf(s.payment_intent);
        if (s.mode !== 'payment' || !pi || s.payment_status !== 'paid') continue;
        out.push({
          ref: pi,
          pledgeId: s.client_reference_id ?? pledgeOf(s.metadata),
          amountCents: s.amount_total ?? 0,
          refundedCents: refunds.get(pi) ?? 0,
          currency: upper(s.currency),
          created: new Date(s.created * 1000),
          what: `checkout session ${s.id}`,
        });
      }
      for await (const inv of stripe.invoices.list({ created, status: 'paid', limit: 100 })) {
        if (!inv.id || inv.amount_paid <= 0) continue;
        const sub = inv.parent?.subscription_details;
        const pi = idOf(inv.payments?.data?.[0]?.payment?.payment_intent);
        out.push({
          ref: inv.id,
          pledgeId: pledgeOf(sub?.metadata),
          amountCents: inv.amount_paid,
          refundedCents: pi ? (refunds.get(pi) ?? 0) : 0,
          currency: upper(inv.currency),
          created: new Date(inv.created * 1000),
          what: `invoice ${inv.id}`,
        });
      }
      return out;
    },
  };
}

/** Stripe's event reduced to the facts the data layer applies (everything else is acknowledged and ignored). */
function reduce(event: Stripe.Event): PaymentEvent {
  const base = { id: event.id, type: event.type };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const s = event.data.object;
      // An unpaid completion (a bank debit still pending) is followed by async_payment_succeeded.
      if (s.payment_status !== 'paid') return { ...base, kind: 'ignored' };
      return {
        ...base,
        kind: 'checkout.completed',
        pledgeId: s.client_reference_id ?? pledgeOf(s.metadata),
        sessionId: s.id,
        amountCents: s.amount_total ?? 0,
        currency: upper(s.currency),
        paymentIntentId: idOf(s.payment_intent),
        invoiceId: idOf(s.invoice),
        subscriptionId: idOf(s.subscription),
        customerId: idOf(s.customer),
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const inv = event.data.object;
      const sub = inv.parent?.subscription_details;
      if (!inv.id || !sub) return { ...base, kind: 'ignored' };
      const period = inv.lines?.data?.[0]?.period?.start ?? inv.period_start;
      return {
        ...base,
        kind: event.type === 'invoice.paid' ? 'invoice.paid' : 'invoice.failed',
        pledgeId: pledgeOf(sub.metadata),
        invoiceId: inv.id,
        subscriptionId: idOf(sub.subscription),
        amountCents: event.type === 'invoice.paid' ? inv.amount_paid : inv.amount_due,
        currency: upper(inv.currency),
        paymentIntentId: idOf(inv.payments?.data?.[0]?.payment?.payment_intent),
        periodStart: period ? new Date(period * 1000) : null,
      };
    }
    case 'charge.refunded': {
      const c = event.data.object;
      return {
        ...base,
        kind: 'charge.refunded',
        paymentIntentId: idOf(c.payment_intent),
        pledgeId: pledgeOf(c.metadata),
        amountRefundedCents: c.amount_refunded,
        currency: upper(c.currency),
      };
    }
    case 'customer.subscription.deleted': {
      const sub = event.data.object;
      return { ...base, kind: 'subscription.deleted', pledgeId: pledgeOf(sub.metadata), subscriptionId: sub.id };
    }
    default:
      return { ...base, kind: 'ignored' };
  }
}
