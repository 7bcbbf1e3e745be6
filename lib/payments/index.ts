import 'server-only';
/** The configured payment provider (./provider.ts is the interface it implements). */
import { stripeConfig } from './config';
import type { PaymentProvider } from './provider';

type Holder = { provider?: PaymentProvider | null; key?: string };
const holder: Holder = ((globalThis as { __broadsheetPayments?: Holder }).__broadsheetPayments ??= {});

/**
 * The configured provider, or null when online payments are off (then pledges are exactly what they were:
 * promises paid by the donor's own means and marked received by staff).
 */
export async function getPaymentProvider(): Promise<PaymentProvider | null> {
  const config = stripeConfig();
  const key = JSON.stringify(config);
  if (holder.key === key && holder.provider !== undefined) return holder.provider;
  const { createStripeProvider } = await import('./stripe');
  holder.provider = config ? createStripeProvider(config) : null;
  holder.key = key;
  return holder.provider;
}
