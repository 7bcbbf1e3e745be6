import { startFakeStripe } from '../lib/testing/fake-stripe';
import { startMailServer } from './support/mail-server';
import { E2E_STRIPE_WEBHOOK_SECRET, stripePort } from './support/stripe';

export default async function globalSetup() {
  const server = await startMailServer(Number(process.env.E2E_SMTP_PORT || 2626), Number(process.env.E2E_INBOX_PORT || 2627));
  // Stripe's part: the API the app's SDK calls, the hosted checkout page, and webhooks signed with the
  // endpoint's secret, posted to the app as Stripe would.
  const app = `http://127.0.0.1:${process.env.E2E_PORT || 3200}`;
  const stripe = await startFakeStripe({
    port: stripePort(),
    webhookSecret: E2E_STRIPE_WEBHOOK_SECRET,
    deliver: async ({ body, signature }) => {
      const res = await fetch(`${app}/api/payments/stripe`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      });
      return { status: res.status };
    },
  });
  return async () => {
    await stripe.close();
    await server.close();
  };
}
