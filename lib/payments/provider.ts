import 'server-only';
/**
 * The one small interface a payment provider implements (Stripe first: ./stripe.ts). The data layer
 * (lib/dal/payments) speaks only this: it starts a hosted checkout, cancels a monthly gift, and applies
 * provider events already verified and reduced to the few facts it needs. Amounts are integer cents,
 * currencies upper-case ISO codes, as everywhere else.
 */
export type CheckoutRequest = {
  pledgeId: string;
  amountCents: number;
  currency: string;
  frequency: 'one_time' | 'monthly';
  email: string;
  /** What the donor sees on the hosted page ("Monthly gift to Reader Fund 2026"). */
  description: string;
  successUrl: string;
  cancelUrl: string;
};

export type CheckoutSession = { ref: string; url: string };

/** A verified provider event, reduced to what the data layer applies. */
export type PaymentEvent = { id: string; type: string } & (
  | {
      kind: 'checkout.completed';
      pledgeId: string | null;
      sessionId: string;
      /** The money: for a subscription, its first invoice. */
      amountCents: number;
      currency: string;
      paymentIntentId: string | null;
      invoiceId: string | null;
      subscriptionId: string | null;
      customerId: string | null;
    }
  | {
      kind: 'invoice.paid' | 'invoice.failed';
      pledgeId: string | null;
      invoiceId: string;
      subscriptionId: string | null;
      amountCents: number;
      currency: string;
      paymentIntentId: string | null;
      periodStart: Date | null;
    }
  | { kind: 'charge.refunded'; paymentIntentId: string | null; pledgeId: string | null; amountRefundedCents: number; currency: string }
  | { kind: 'subscription.deleted'; pledgeId: string | null; subscriptionId: string }
  | { kind: 'ignored' }
);

/** What the reconcile command compares with the database. */
export type ProviderPayment = {
  /** The payment's key in the payments table (PaymentIntent or invoice id). */
  ref: string;
  pledgeId: string | null;
  amountCents: number;
  refundedCents: number;
  currency: string;
  created: Date;
  what: string;
};

export interface PaymentProvider {
  readonly name: 'stripe';
  /** Starts a hosted checkout (one-time payment or monthly subscription) and says where to send the donor. */
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  /** Stops a monthly gift so no further renewal is charged. Cancelling one already cancelled is not an error. */
  cancelSubscription(subscriptionId: string): Promise<void>;
  /** Verifies the signature on the raw body and reduces the event. Throws WebhookSignatureError when forged. */
  parseWebhook(rawBody: string, signature: string | null): PaymentEvent;
  /** Payments made since `since`, as the provider records them (for `npm run payments:reconcile`). */
  listRecentPayments(since: Date): Promise<ProviderPayment[]>;
}

export class WebhookSignatureError extends Error {}
