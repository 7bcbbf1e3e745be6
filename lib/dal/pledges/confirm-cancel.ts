import 'server-only';
/**
 * The pledger's own writes: confirming the address with the mailed double opt-in link (a random
 * single-use token, stored hashed), and cancelling an unpaid pledge or a monthly gift paid online (which
 * stops its subscription at the provider first), either with the secret link (no
 * sign-in needed: the token is the proof) or from their account. Each is audited and dirties the
 * campaign's tags and the pledge's own page.
 */
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '@/db/client';
import { campaigns, pledges, type Pledge } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { invalidate } from '@/lib/cache-invalidate';
import { NotFoundError, UserError } from '@/lib/errors';
import { recordAudit } from '@/lib/dal/audit';
import { campaignTags } from '@/lib/cache-tags';
import { requireViewer } from '@/lib/dal/session';
import { sendPaymentMail } from '@/lib/mail/pledge-mail';
import { giftCancelledMail } from '@/lib/mail/templates/payment';
import { getPaymentProvider } from '@/lib/payments';
import { hashMatches, tokenMatches } from './tokens';
import { toConfirmView, type ConfirmView } from './views';

/** What a write to this pledge dirties: its campaign's bar and lists, and its own page. */
export const pledgeTags = (campaignId: string, pledgeId: string) => [...campaignTags(campaignId), TAGS.pledge(pledgeId)];

async function findForConfirmation(db: DbOrTx, id: string, token: string, lock: boolean) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const q = db
    .select({ p: pledges, c: campaigns })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(eq(pledges.id, id))
    .limit(1);
  const [row] = lock ? await q.for('update', { of: pledges }) : await q;
  if (!row || !hashMatches(row.p.confirmTokenHash, token)) return null;
  return row;
}

/** The confirmation page's data for the holder of the mailed confirmation token; null when id or token is wrong. */
export async function getPledgeForConfirmation(id: string, token: string): Promise<ConfirmView | null> {
  const row = await findForConfirmation(await getDb(), id, token, false);
  return row ? toConfirmView(row.p, row.c) : null;
}

/**
 * The pledger confirms the address with the mailed link (a POST from the confirmation page: mail scanners
 * follow GET links). The token works once: a second use changes nothing and says it was already confirmed.
 */
export async function confirmPledge(id: string, token: string): Promise<{ view: ConfirmView; alreadyConfirmed: boolean }> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const row = await findForConfirmation(tx, id, token, true);
    if (!row) throw new NotFoundError('This confirmation link is not valid. Please use the link in your most recent pledge mail.');
    if (row.p.confirmedAt) return { view: toConfirmView(row.p, row.c), alreadyConfirmed: true };
    if (row.p.status === 'cancelled') throw new UserError('This pledge was cancelled, so there is nothing to confirm.', 409);
    const [after] = await tx
      .update(pledges)
      .set({ confirmedAt: new Date() })
      .where(and(eq(pledges.id, row.p.id), isNull(pledges.confirmedAt)))
      .returning();
    await recordAudit(
      {
        actorId: null,
        action: 'pledge.confirm.link',
        entityType: 'pledge',
        entityId: row.p.id,
        before: { confirmed: false },
        after: { confirmed: true },
      },
      tx,
    );
    return { view: toConfirmView(after ?? row.p, row.c), alreadyConfirmed: !after };
  });
  await invalidate(pledgeTags(result.view.campaign.id, result.view.id));
  return result;
}

export type CancelResult = { campaignId: string; pledgeId: string; alreadyCancelled: boolean };

/** An active monthly gift paid online: cancelling it must stop the provider's subscription first. */
const isLiveSubscription = (p: Pledge) =>
  !!p.provider && p.frequency === 'monthly' && !!p.providerSubscriptionId && (p.status === 'received' || p.status === 'pledged');

async function cancelWhere(where: SQL, actorId: string | null, how: string): Promise<CancelResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pledges).where(where).for('update');
    if (!before) throw new NotFoundError('This pledge does not exist.');
    if (before.status === 'cancelled') return { campaignId: before.campaignId, pledgeId: before.id, alreadyCancelled: true, stopped: null };
    if (before.status !== 'pledged' && !isLiveSubscription(before))
      throw new UserError('This pledge has already been received, so it can’t be cancelled here. Please contact the newsroom.', 409);
    if (isLiveSubscription(before)) {
      // Stop the next renewal at the provider while holding the pledge's lock: if that fails nothing changes
      // and the donor can try again, and the provider's "subscription deleted" event waits for this commit
      // (then finds it cancelled already). A cancellation already made there is not an error.
      const provider = await getPaymentProvider();
      if (!provider)
        throw new UserError(
          'Online payments are switched off right now, so this gift can’t be stopped here. Please contact the newsroom.',
          503,
        );
      await provider.cancelSubscription(before.providerSubscriptionId!);
    }
    const [after] = await tx
      .update(pledges)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(and(eq(pledges.id, before.id), eq(pledges.status, before.status)))
      .returning();
    await recordAudit(
      {
        actorId,
        action: `pledge.cancel.${how}`,
        entityType: 'pledge',
        entityId: before.id,
        before: { status: before.status },
        after: { status: after.status },
      },
      tx,
    );
    return {
      campaignId: before.campaignId,
      pledgeId: before.id,
      alreadyCancelled: false,
      stopped: isLiveSubscription(before) ? after : null,
    };
  });
  await invalidate(pledgeTags(result.campaignId, result.pledgeId));
  if (result.stopped) {
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, result.campaignId)).limit(1);
    await sendPaymentMail(giftCancelledMail({ pledge: result.stopped, campaign }));
  }
  return { campaignId: result.campaignId, pledgeId: result.pledgeId, alreadyCancelled: result.alreadyCancelled };
}

/** Cancel from the link in the thank-you mail (no sign-in needed: the token is the proof). */
export async function cancelPledgeWithToken(id: string, token: string): Promise<CancelResult> {
  const db = await getDb();
  const [row] = await db.select({ cancelTokenHash: pledges.cancelTokenHash }).from(pledges).where(eq(pledges.id, id)).limit(1);
  if (!row || !tokenMatches(row, token)) throw new NotFoundError('This cancel link is not valid.');
  return cancelWhere(eq(pledges.id, id), null, 'link');
}

/** Cancel one of the signed-in viewer's own unpaid pledges. */
export async function cancelOwnPledge(id: string): Promise<CancelResult> {
  const viewer = await requireViewer();
  return cancelWhere(and(eq(pledges.id, id), eq(pledges.userId, viewer.id))!, viewer.id, 'own');
}
