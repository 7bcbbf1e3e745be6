import 'server-only';
/**
 * Staff writes on pledges: mark received (sends the receipt) or cancelled, approve or reject a pledge held
 * for review, publish or reject a donor-wall message. Each is audited in its transaction, a repeated
 * decision is a no-op, and each dirties the campaign's tags and the pledge's page.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, pledges } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { NotFoundError, UserError } from '@/lib/errors';
import { recordAudit } from '@/lib/dal/audit';
import { requireStaff } from '@/lib/dal/admin/guard';
import { sendPledgeReceipt } from '@/lib/mail/pledge-mail';
import { pledgeTags } from './confirm-cancel';

/**
 * Staff: pledged -> received or cancelled (with a note), recorded in the audit log in the same
 * transaction. Setting the status a pledge already has is a no-op, so a repeated click is harmless.
 * Sends the receipt mail when a pledge becomes received.
 */
export async function setPledgeStatus(input: {
  pledgeId: string;
  status: 'received' | 'cancelled';
  note: string;
}): Promise<{ campaignId: string; userId: string | null; changed: boolean }> {
  const viewer = await requireStaff('pledges:manage');
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pledges).where(eq(pledges.id, input.pledgeId)).for('update');
    if (!before) throw new NotFoundError('This pledge does not exist.');
    if (before.status === input.status) return { before, after: before, changed: false };
    if (before.status !== 'pledged') {
      throw new UserError(`This pledge is already ${before.status}; only pledges still awaiting payment can change.`, 409);
    }
    const now = new Date();
    const [after] = await tx
      .update(pledges)
      .set({
        status: input.status,
        staffNote: input.note || before.staffNote,
        ...(input.status === 'received' ? { receivedAt: now } : { cancelledAt: now }),
      })
      .where(eq(pledges.id, before.id))
      .returning();
    await recordAudit(
      {
        actorId: viewer.id,
        action: `pledge.${input.status}`,
        entityType: 'pledge',
        entityId: before.id,
        before: { status: before.status, staffNote: before.staffNote },
        after: { status: after.status, staffNote: after.staffNote },
      },
      tx,
    );
    return { before, after, changed: true };
  });
  await invalidate(pledgeTags(result.after.campaignId, result.after.id));
  if (result.changed && input.status === 'received') {
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, result.after.campaignId)).limit(1);
    await sendPledgeReceipt({ pledge: result.after, campaign });
  }
  return { campaignId: result.after.campaignId, userId: result.after.userId, changed: result.changed };
}

/**
 * Staff: approve or reject a pledge held for review (its amount is above the campaign's ceiling). Approved,
 * it counts once its address is confirmed; rejected, it is cancelled. Audited in the same transaction; a
 * repeated decision is a no-op.
 */
export async function reviewPledge(input: {
  pledgeId: string;
  decision: 'approve' | 'reject';
  note: string;
}): Promise<{ campaignId: string; changed: boolean }> {
  const viewer = await requireStaff('pledges:manage');
  const db = await getDb();
  const target = input.decision === 'approve' ? 'approved' : 'rejected';
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pledges).where(eq(pledges.id, input.pledgeId)).for('update');
    if (!before) throw new NotFoundError('This pledge does not exist.');
    if (before.review === target) return { campaignId: before.campaignId, changed: false };
    if (before.review !== 'held') throw new UserError('This pledge is not waiting for review.', 409);
    if (before.status !== 'pledged') throw new UserError(`This pledge is already ${before.status}; there is nothing to review.`, 409);
    const now = new Date();
    const [after] = await tx
      .update(pledges)
      .set({
        review: target,
        staffNote: input.note || before.staffNote,
        ...(target === 'rejected' ? { status: 'cancelled' as const, cancelledAt: now } : {}),
      })
      .where(eq(pledges.id, before.id))
      .returning();
    await recordAudit(
      {
        actorId: viewer.id,
        action: `pledge.review.${input.decision}`,
        entityType: 'pledge',
        entityId: before.id,
        before: { review: before.review, status: before.status, staffNote: before.staffNote },
        after: { review: after.review, status: after.status, staffNote: after.staffNote },
      },
      tx,
    );
    return { campaignId: before.campaignId, changed: true };
  });
  await invalidate(pledgeTags(result.campaignId, input.pledgeId));
  return result;
}

/** Staff: publish or reject a pledge's donor-wall message. Audited; a repeated decision is a no-op. */
export async function reviewPledgeMessage(input: {
  pledgeId: string;
  decision: 'approve' | 'reject';
}): Promise<{ campaignId: string; changed: boolean }> {
  const viewer = await requireStaff('pledges:manage');
  const db = await getDb();
  const target = input.decision === 'approve' ? 'approved' : 'rejected';
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pledges).where(eq(pledges.id, input.pledgeId)).for('update');
    if (!before) throw new NotFoundError('This pledge does not exist.');
    if (!before.message) throw new UserError('This pledge has no message.', 409);
    if (before.messageStatus === target) return { campaignId: before.campaignId, changed: false };
    await tx.update(pledges).set({ messageStatus: target }).where(eq(pledges.id, before.id));
    await recordAudit(
      {
        actorId: viewer.id,
        action: `pledge.message.${input.decision}`,
        entityType: 'pledge',
        entityId: before.id,
        before: { messageStatus: before.messageStatus, message: before.message },
        after: { messageStatus: target },
      },
      tx,
    );
    return { campaignId: before.campaignId, changed: true };
  });
  await invalidate(pledgeTags(result.campaignId, input.pledgeId));
  return result;
}
