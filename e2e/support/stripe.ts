/**
 * The local Stripe of the e2e run (lib/testing/fake-stripe.ts, started by e2e/global-setup.ts): its address,
 * and what a test asks it to do in Stripe's place later (a month passes: renew; a renewal declined).
 */
export const E2E_STRIPE_WEBHOOK_SECRET = 'whsec_broadsheet_e2e';

export const stripePort = () => Number(process.env.E2E_STRIPE_PORT || 2628);
export const stripeOrigin = () => `http://127.0.0.1:${stripePort()}`;

/** A month passes for the latest subscription of `email`: Stripe charges it (200) or there is none active (409). */
export async function renewSubscription(email: string): Promise<number> {
  const res = await fetch(`${stripeOrigin()}/_test/renew?email=${encodeURIComponent(email)}`, { method: 'POST' });
  return res.status;
}
