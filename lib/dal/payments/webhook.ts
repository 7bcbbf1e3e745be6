import 'server-only';
/**
 * Applying a verified provider event (lib/payments/provider.ts `PaymentEvent`) to pledges and payments.
 *
 * Once: the event id goes into payment_events in the same transaction as its effects, so a redelivery (or a
 * concurrent copy, which waits on the primary key) changes nothing. In any order: every payment is keyed by
 * the provider's id (PaymentIntent or invoice), so a session completion and its first invoice make one row;
 * a refund sets the refunded total (Stripe's is cumulative), never adds; a status only moves forward
 * (pledged -> received; a cancellation or refund that came first stays). A refund for a payment not yet known
 * is answered "retry" (nothing recorded) and the provider delivers it again later. The money is always
 * Stripe's figure, and must equal the pledge's amount and currency, or the event is refused (logged,
 * recorded as refused, nothing else changes).
 *
 * Each applied event dirties the campaign's and the pledge's tags (the bar, the donor wall, the badge), the
 * same `pledgeTags` a staff member's "received" uses, and mails after the commit.
 */
import { and, eq, or, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { campaigns, paymentEvents, payments, pledges, type Campaign, type Payment, type Pledge } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { pledgeTags } from '@/lib/dal/pledges/confirm-cancel';
import { pledgeToken } from '@/lib/dal/pledges/tokens';
import { sendPaymentMail } from '@/lib/mail/pledge-mail';
import { paymentFailedMail, paymentReceiptMail } from '@/lib/mail/templates/payment';
import { getPaymentProvider } from '@/lib/payments';
import type { PaymentEvent } from '@/lib/payments/provider';

export type EventOutcome =
  | { result: 'applied' | 'ignored' | 'duplicate'; pledgeId?: string }
  | { result: 'refused'; reason: string; pledgeId?: string }
  | { result: 'retry'; reason: string };

type Effects = { tags: string[]; mails: Array<() => Promise<void>>; stopSubscription?: string };
type Applied = { outcome: 'applied' | 'ignored'; pledgeId?: string } | { outcome: 'refused'; reason: string; pledgeId?: string };

class RetryLater extends Error {}

export async function applyPaymentEvent(provider: string, event: PaymentEvent): Promise<EventOutcome> {
  const db = await getDb();
  const effects: Effects = { tags: [], mails: [] };
  let outcome: EventOutcome;
  try {
    outcome = await db.transaction(async (tx) => {
      const [fresh] = await tx
        .insert(paymentEvents)
        .values({ id: event.id, provider, type: event.type, outcome: 'applying' })
        .onConflictDoNothing()
        .returning({ id: paymentEvents.id });
      if (!fresh) return { result: 'duplicate' as const };
      const applied = await apply(tx, provider, event, effects);
      const recorded = applied.outcome === 'refused' ? `refused: ${applied.reason}` : applied.outcome;
      await tx
        .update(paymentEvents)
        .set({ outcome: recorded.slice(0, 500), pledgeId: applied.pledgeId ?? null })
        .where(eq(paymentEvents.id, event.id));
      return applied.outcome === 'refused'
        ? { result: 'refused' as const, reason: applied.reason, pledgeId: applied.pledgeId }
        : { result: applied.outcome, pledgeId: applied.pledgeId };
    });
  } catch (err) {
    if (err instanceof RetryLater) return { result: 'retry', reason: err.message };
    throw err;
  }
  if (outcome.result === 'refused') {
    console.error(`[payments] refused ${provider} event ${event.id} (${event.type}): ${outcome.reason}`);
    return outcome;
  }
  await invalidate(effects.tags);
  for (const mail of effects.mails) await mail();
  if (effects.stopSubscription) await stopLateSubscription(effects.stopSubscription);
  return outcome;
}

/**
 * A monthly gift cancelled here (by the donor while its checkout was still open, or by a deletion event that
 * came first) whose subscription then turned up active: stop it at the provider too, so no renewal follows.
 * Cancelling one already cancelled is harmless; a failure is logged (reconcile shows what follows).
 */
async function stopLateSubscription(subscriptionId: string): Promise<void> {
  try {
    const provider = await getPaymentProvider();
    await provider?.cancelSubscription(subscriptionId);
  } catch (err) {
    console.error(`[payments] could not stop subscription ${subscriptionId} of a cancelled gift:`, (err as Error).message);
  }
}

async function lockPledge(tx: DbOrTx, where: SQL): Promise<{ p: Pledge; c: Campaign } | null> {
  const [row] = await tx
    .select({ p: pledges, c: campaigns })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(where)
    .limit(1)
    .for('update', { of: pledges });
  return row ?? null;
}

/** The pledge an event names: by the id in its metadata, else by its subscription. */
function findPledge(tx: DbOrTx, provider: string, pledgeId: string | null, subscriptionId: string | null = null) {
  const byId = pledgeId && /^[0-9a-f-]{36}$/i.test(pledgeId) ? eq(pledges.id, pledgeId) : undefined;
  const bySub = subscriptionId ? eq(pledges.providerSubscriptionId, subscriptionId) : undefined;
  const which = byId && bySub ? or(byId, bySub) : (byId ?? bySub);
  if (!which) return Promise.resolve(null);
  return lockPledge(tx, and(eq(pledges.provider, provider), which)!);
}

/** The amount and currency are Stripe's; they must be the pledge's. */
function mismatch(p: Pledge, amountCents: number, currency: string): string | null {
  if (currency !== p.currency) return `currency ${currency} is not the pledge's ${p.currency}`;
  if (amountCents !== p.amountCents) return `amount ${amountCents} is not the pledge's ${p.amountCents} (${p.currency})`;
  return null;
}

/** Records one payment (once per provider ref); a new one moves the pledge to received and mails the receipt. */
async function recordPayment(
  tx: DbOrTx,
  provider: string,
  row: { p: Pledge; c: Campaign },
  pay: { ref: string; paymentIntentId: string | null; amountCents: number; currency: string; periodStart: Date | null },
  extra: Partial<Pick<Pledge, 'providerCustomerId' | 'providerSubscriptionId'>>,
  effects: Effects,
): Promise<void> {
  const { p, c } = row;
  const [existing] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.ref, pay.ref)))
    .limit(1);
  let created: Payment | null = null;
  if (existing) {
    // The other event about the same payment (completion and first invoice): fill in what it knew.
    await tx
      .update(payments)
      .set({
        paymentIntentId: existing.paymentIntentId ?? pay.paymentIntentId,
        periodStart: existing.periodStart ?? pay.periodStart,
      })
      .where(eq(payments.id, existing.id));
  } else {
    [created] = await tx
      .insert(payments)
      .values({ pledgeId: p.id, campaignId: p.campaignId, provider, ...pay })
      .returning();
  }
  const set: Partial<Pledge> = {};
  if (extra.providerCustomerId && !p.providerCustomerId) set.providerCustomerId = extra.providerCustomerId;
  if (extra.providerSubscriptionId && !p.providerSubscriptionId) set.providerSubscriptionId = extra.providerSubscriptionId;
  // Money that arrived is received, even for a one-time gift cancelled meanwhile (its checkout was still
  // open); a cancelled monthly gift stays cancelled, and its subscription is stopped after the commit.
  if (p.status === 'pledged' || (p.status === 'cancelled' && p.frequency === 'one_time'))
    Object.assign(set, { status: 'received', receivedAt: p.receivedAt ?? new Date() });
  if (p.status === 'cancelled' && p.frequency === 'monthly' && (extra.providerSubscriptionId ?? p.providerSubscriptionId))
    effects.stopSubscription = extra.providerSubscriptionId ?? p.providerSubscriptionId!;
  const after = Object.keys(set).length ? (await tx.update(pledges).set(set).where(eq(pledges.id, p.id)).returning())[0] : p;
  effects.tags.push(...pledgeTags(p.campaignId, p.id));
  if (created) {
    const payment = created;
    effects.mails.push(() => sendPaymentMail(paymentReceiptMail({ pledge: after, campaign: c, payment, token: pledgeToken(p.id) })));
  }
}

async function apply(tx: DbOrTx, provider: string, ev: PaymentEvent, effects: Effects): Promise<Applied> {
  switch (ev.kind) {
    case 'ignored':
      return { outcome: 'ignored' };

    case 'checkout.completed': {
      const row = await findPledge(tx, provider, ev.pledgeId, ev.subscriptionId);
      if (!row) return { outcome: 'refused', reason: `no pledge ${ev.pledgeId ?? '(none named)'} paid online` };
      const wrong = mismatch(row.p, ev.amountCents, ev.currency);
      if (wrong) return { outcome: 'refused', reason: wrong, pledgeId: row.p.id };
      // A subscription's money is its invoice (the same row invoice.paid keys); a one-time gift's, its PaymentIntent.
      const ref = ev.subscriptionId ? ev.invoiceId : (ev.paymentIntentId ?? ev.sessionId);
      const extra = { providerCustomerId: ev.customerId, providerSubscriptionId: ev.subscriptionId };
      if (ref) {
        const pay = {
          ref,
          paymentIntentId: ev.subscriptionId ? null : ev.paymentIntentId,
          amountCents: ev.amountCents,
          currency: ev.currency,
        };
        // A subscription's first month starts now (its invoice, if it comes later, fills in nothing more).
        await recordPayment(tx, provider, row, { ...pay, periodStart: ev.subscriptionId ? new Date() : null }, extra, effects);
      }
      return { outcome: 'applied', pledgeId: row.p.id };
    }

    case 'invoice.paid': {
      const row = await findPledge(tx, provider, ev.pledgeId, ev.subscriptionId);
      if (!row) return { outcome: 'refused', reason: `no monthly gift for subscription ${ev.subscriptionId ?? '?'}` };
      const wrong = mismatch(row.p, ev.amountCents, ev.currency);
      if (wrong) return { outcome: 'refused', reason: wrong, pledgeId: row.p.id };
      const pay = { ref: ev.invoiceId, paymentIntentId: ev.paymentIntentId, amountCents: ev.amountCents, currency: ev.currency };
      await recordPayment(
        tx,
        provider,
        row,
        { ...pay, periodStart: ev.periodStart },
        { providerSubscriptionId: ev.subscriptionId },
        effects,
      );
      return { outcome: 'applied', pledgeId: row.p.id };
    }

    case 'invoice.failed': {
      const row = await findPledge(tx, provider, ev.pledgeId, ev.subscriptionId);
      if (!row) return { outcome: 'ignored' };
      const { p, c } = row;
      effects.mails.push(() =>
        sendPaymentMail(paymentFailedMail({ pledge: p, campaign: c, amountCents: ev.amountCents, token: pledgeToken(p.id) })),
      );
      return { outcome: 'applied', pledgeId: p.id };
    }

    case 'charge.refunded': {
      const [payment] = ev.paymentIntentId
        ? await tx
            .select()
            .from(payments)
            .where(and(eq(payments.provider, provider), eq(payments.paymentIntentId, ev.paymentIntentId)))
            .limit(1)
        : [];
      if (!payment) {
        // Ours but its payment has not arrived yet: the provider delivers the refund again later.
        if (ev.pledgeId && (await findPledge(tx, provider, ev.pledgeId))) throw new RetryLater('refund before its payment');
        return { outcome: 'ignored' };
      }
      const row = await lockPledge(tx, eq(pledges.id, payment.pledgeId));
      if (!row) return { outcome: 'ignored' };
      if (ev.currency !== payment.currency)
        return { outcome: 'refused', reason: `refund in ${ev.currency}, paid in ${payment.currency}`, pledgeId: row.p.id };
      if (ev.amountRefundedCents > payment.amountCents)
        return {
          outcome: 'refused',
          reason: `refund of ${ev.amountRefundedCents} exceeds payment ${payment.amountCents}`,
          pledgeId: row.p.id,
        };
      const refunded = Math.max(payment.refundedCents, ev.amountRefundedCents);
      await tx
        .update(payments)
        .set({ refundedCents: refunded, refundedAt: payment.refundedAt ?? new Date() })
        .where(eq(payments.id, payment.id));
      // A one-time gift paid back in full leaves the wall; a monthly gift's refund is one month's.
      if (refunded === payment.amountCents && row.p.frequency === 'one_time' && row.p.status !== 'refunded') {
        await tx.update(pledges).set({ status: 'refunded' }).where(eq(pledges.id, row.p.id));
      }
      effects.tags.push(...pledgeTags(row.p.campaignId, row.p.id));
      return { outcome: 'applied', pledgeId: row.p.id };
    }

    case 'subscription.deleted': {
      const row = await findPledge(tx, provider, ev.pledgeId, ev.subscriptionId);
      if (!row) return { outcome: 'ignored' };
      const { p } = row;
      const set: Partial<Pledge> = {};
      if (!p.providerSubscriptionId) set.providerSubscriptionId = ev.subscriptionId;
      if (p.status === 'pledged' || p.status === 'received') Object.assign(set, { status: 'cancelled', cancelledAt: new Date() });
      if (Object.keys(set).length) await tx.update(pledges).set(set).where(eq(pledges.id, p.id));
      effects.tags.push(...pledgeTags(p.campaignId, p.id));
      return { outcome: 'applied', pledgeId: p.id };
    }
  }
}
