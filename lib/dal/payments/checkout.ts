import 'server-only';
/**
 * Sending a pledge paid online to the provider's hosted checkout. The pledge is already recorded (idempotently,
 * lib/dal/pledges/create.ts, with `online`); this asks the provider for a Checkout Session and keeps its
 * reference on the pledge. Nothing here marks anything paid: only a verified webhook does (./webhook.ts).
 */
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, pledges } from '@/db/schema';
import { siteUrl } from '@/lib/env';
import { getPaymentProvider } from '@/lib/payments';

/** Where the donor returns after paying: a thank-you that reads the status, never sets it. */
export const paidPath = (pledgeId: string) => `/pledges/paid/${pledgeId}`;

/**
 * The hosted checkout's address for this pledge, or null when there is nothing to pay (not an online pledge,
 * already paid or cancelled, or payments switched off since).
 */
export async function startCheckout(pledgeId: string): Promise<string | null> {
  const provider = await getPaymentProvider();
  if (!provider) return null;
  const db = await getDb();
  const [row] = await db
    .select({ p: pledges, c: campaigns })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(eq(pledges.id, pledgeId))
    .limit(1);
  if (!row || row.p.provider !== provider.name || row.p.status !== 'pledged') return null;
  const { p, c } = row;
  const session = await provider.createCheckout({
    pledgeId: p.id,
    amountCents: p.amountCents,
    currency: p.currency,
    frequency: p.frequency,
    email: p.email,
    description: `${p.frequency === 'monthly' ? 'Monthly gift' : 'Gift'} to ${c.title}`,
    successUrl: siteUrl(paidPath(p.id)),
    cancelUrl: siteUrl(`/support/${c.slug}#pledge-form`),
  });
  await db.update(pledges).set({ providerRef: session.ref }).where(eq(pledges.id, p.id));
  return session.url;
}

/** What the return page may say about a pledge paid online: whether the money has arrived yet. */
export async function getPaidStatus(
  pledgeId: string,
): Promise<{ status: 'waiting' | 'received' | 'other'; campaign: { title: string; slug: string } } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(pledgeId)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ status: pledges.status, provider: pledges.provider, title: campaigns.title, slug: campaigns.slug })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(eq(pledges.id, pledgeId))
    .limit(1);
  if (!row || !row.provider) return null;
  const status = row.status === 'pledged' ? 'waiting' : row.status === 'received' ? 'received' : 'other';
  return { status, campaign: { title: row.title, slug: row.slug } };
}
