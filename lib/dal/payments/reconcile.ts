import 'server-only';
/**
 * `npm run payments:reconcile`: what the provider recorded recently (Checkout payments, paid invoices,
 * refunds, listed through its SDK) against the payments table, and the differences in words. A webhook that
 * never arrived or was refused shows as "not recorded"; a refund made in the dashboard whose event was lost
 * as a refund difference. It reads only. For the operator's command line: no route reaches it.
 */
import { and, eq, gte } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { payments } from '@/db/schema';
import { formatMoney } from '@/lib/money';
import type { PaymentProvider } from '@/lib/payments/provider';

export type Difference = { ref: string; problem: string };

export async function reconcilePayments(provider: PaymentProvider, since: Date): Promise<{ checked: number; differences: Difference[] }> {
  const theirs = await provider.listRecentPayments(since);
  const db = await getDb();
  const ours = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider.name), gte(payments.receivedAt, since)));
  const byRef = new Map(ours.map((p) => [p.ref, p]));
  const differences: Difference[] = [];
  const money = (cents: number, currency: string) => formatMoney(cents, currency, { cents: true });
  const seen = new Set<string>();
  for (const t of theirs) {
    seen.add(t.ref);
    const o = byRef.get(t.ref) ?? (await db.select().from(payments).where(eq(payments.ref, t.ref)).limit(1))[0];
    const pledge = t.pledgeId ? `pledge ${t.pledgeId}` : 'no pledge named';
    if (!o) {
      differences.push({ ref: t.ref, problem: `${t.what}: ${money(t.amountCents, t.currency)} paid (${pledge}), not recorded here` });
      continue;
    }
    if (o.amountCents !== t.amountCents || o.currency !== t.currency)
      differences.push({
        ref: t.ref,
        problem: `${t.what}: ${money(t.amountCents, t.currency)} at ${provider.name}, ${money(o.amountCents, o.currency)} here`,
      });
    if (o.refundedCents !== t.refundedCents)
      differences.push({
        ref: t.ref,
        problem: `${t.what}: refunded ${money(t.refundedCents, t.currency)} at ${provider.name}, ${money(o.refundedCents, o.currency)} here`,
      });
  }
  for (const o of ours) {
    if (!seen.has(o.ref))
      differences.push({
        ref: o.ref,
        problem: `${money(o.amountCents, o.currency)} recorded here for pledge ${o.pledgeId}, not found at ${provider.name}`,
      });
  }
  return { checked: theirs.length, differences };
}
