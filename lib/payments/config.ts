/**
 * Whether online payments are switched on, and where the provider's hosted checkout lives, from the
 * environment alone (no SDK import: lib/security-headers.ts reads it for every response). Read on every call,
 * not cached at start, so tests and a restarted server see the current environment.
 *
 *   STRIPE_SECRET_KEY       sk_live_… or sk_test_… (test mode)
 *   STRIPE_WEBHOOK_SECRET   whsec_… of the endpoint /api/payments/stripe (or of `stripe listen`)
 *   STRIPE_API_HOST/PORT/PROTOCOL   only for a local server that answers like Stripe (tests, stripe-mock)
 *
 * Both keys are needed: without the webhook secret nothing could ever be marked paid.
 */
import { z } from 'zod';

const schema = z.object({
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…'),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'STRIPE_WEBHOOK_SECRET must look like whsec_…'),
  STRIPE_API_HOST: z
    .string()
    .regex(/^[\w.-]+$/)
    .optional(),
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
});

export type StripeConfig = z.output<typeof schema>;

/** The Stripe settings, or null when online payments are off (either key missing). Throws on a malformed value. */
export function stripeConfig(source: Record<string, string | undefined> = process.env): StripeConfig | null {
  if (!source.STRIPE_SECRET_KEY || !source.STRIPE_WEBHOOK_SECRET) return null;
  const present = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith('STRIPE_') && v));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw new Error(`Invalid Stripe settings:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Whether readers can pay online (the pledge form then offers "Pay by card"). */
export function paymentsEnabled(): boolean {
  return stripeConfig() !== null;
}

/**
 * The origin the pledge form's redirect goes to, for the CSP's form-action (browsers check a form's
 * redirects against it): Stripe's hosted Checkout, or the local server that stands in for Stripe.
 */
export function checkoutOrigin(source: Record<string, string | undefined> = process.env): string | null {
  let config: StripeConfig | null;
  try {
    config = stripeConfig(source);
  } catch {
    return null;
  }
  if (!config) return null;
  if (!config.STRIPE_API_HOST) return 'https://checkout.stripe.com';
  const protocol = config.STRIPE_API_PROTOCOL ?? 'https';
  const port = config.STRIPE_API_PORT ? `:${config.STRIPE_API_PORT}` : '';
  return `${protocol}://${config.STRIPE_API_HOST}${port}`;
}
