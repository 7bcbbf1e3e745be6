import 'server-only';
/**
 * Recording a pledge: who may pledge, the campaign's rules (open, currency, stop at goal), what waits for
 * the pledger's confirmation or for staff (amount above the review ceiling, donor-wall messages), the
 * thank-you mail, and the tags it dirties. Retries are answered through ./idempotency.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, pledges } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { NotFoundError, UserError } from '@/lib/errors';
import { assertNoBannedWords, findWords } from '@/lib/comments/moderation';
import { campaignTags } from '@/lib/cache-tags';
import { closedReason, loadTotals } from '@/lib/dal/campaigns';
import { assertNotBanned, getViewer, type Viewer } from '@/lib/dal/session';
import { sendPledgeThanks } from '@/lib/mail/pledge-mail';
import { loadSettings } from '@/lib/settings';
import type { PledgeForm } from '@/lib/validation/pledge';
import { findByKey, findEarlier, idempotencyKeys, outcome, sameOrRefuse, type CreatedPledge } from './idempotency';
import { hashToken, pledgeToken } from './tokens';

/**
 * Records a pledge. `form` is already validated (lib/validation/pledge.ts). Throws UserError (with
 * fieldErrors where one field is at fault) for a missing or closed campaign, a currency other than the
 * campaign's, a guest without email, a banned user, or an idempotency key reused for a different pledge.
 * Dirties the campaign's tags (its bar and lists) whenever it answers with a pledge, a retry included.
 */
export async function createPledge(
  form: PledgeForm,
  opts: { viewer?: Viewer | null; refuseNew?: string; online?: 'stripe' } = {},
): Promise<CreatedPledge> {
  const result = await recordPledge(form, opts);
  await invalidate(campaignTags(result.campaignId));
  return result;
}

async function recordPledge(
  form: PledgeForm,
  opts: { viewer?: Viewer | null; refuseNew?: string; online?: 'stripe' },
): Promise<CreatedPledge> {
  const viewer = opts.viewer === undefined ? await getViewer() : opts.viewer;
  if (viewer) assertNotBanned(viewer);
  const email = (form.email || viewer?.email || '').toLowerCase();
  if (!email) throw new UserError('Please check the highlighted field.', 400, { email: ['Enter your email so we can send your receipt.'] });

  const settings = await loadSettings();
  assertNoBannedWords({ message: form.message, displayName: form.displayName }, settings.bannedWords);
  // A suspect word (the comments' list) sends the message to staff before it reaches the donor wall.
  const suspect = findWords(form.message, settings.suspectWords).length > 0;

  const { key, earlier } = idempotencyKeys(form, email);
  const db = await getDb();
  const existing = await findEarlier(earlier);
  if (existing) return sameOrRefuse(existing, form, email);
  // A signed-in reader pledging with their own verified address has proved it already.
  const confirmed = !!viewer && viewer.emailVerified && viewer.email.toLowerCase() === email;
  // Paid online, the payment is the proof: no double opt-in, and it counts once the money arrives.
  const confirmToken = confirmed || opts.online ? null : crypto.randomBytes(32).toString('base64url');
  // Rate limited (the caller says why): only a retry of an already recorded pledge gets through.
  if (opts.refuseNew) throw new UserError(opts.refuseNew, 429);

  const inserted = await db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, form.campaignId)).limit(1);
    if (!campaign) throw new NotFoundError('This campaign does not exist. It may have been removed.');
    if (campaign.stopAtGoal) {
      // Serialise pledges to a campaign that stops at its goal, so the check below sees every earlier one.
      await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, campaign.id)).for('update');
    }
    const totals = campaign.stopAtGoal ? await loadTotals(tx, campaign.id) : { pledgedCents: 0 };
    const reason = closedReason(campaign, totals.pledgedCents, new Date());
    if (reason) throw new UserError(reason, 409);
    if (campaign.currency !== form.currency) {
      throw new UserError('Please check the highlighted field.', 400, {
        currency: [`This campaign takes pledges in ${campaign.currency}.`],
      });
    }
    const id = crypto.randomUUID();
    const rows = await tx
      .insert(pledges)
      .values({
        id,
        campaignId: campaign.id,
        userId: viewer?.id ?? null,
        email,
        displayName: form.displayName,
        anonymous: form.anonymous,
        hideAmount: form.hideAmount,
        message: form.message,
        amountCents: form.amountCents,
        currency: campaign.currency,
        frequency: form.frequency,
        idempotencyKey: key,
        cancelTokenHash: hashToken(pledgeToken(id)),
        confirmedAt: confirmed ? new Date() : null,
        confirmTokenHash: confirmToken ? hashToken(confirmToken) : null,
        review: form.amountCents > campaign.reviewAboveCents ? 'held' : 'none',
        messageStatus: !form.message || (campaign.publishMessagesAtOnce && !suspect) ? 'approved' : 'pending',
        provider: opts.online ?? null,
      })
      .onConflictDoNothing({ target: pledges.idempotencyKey })
      .returning();
    return rows[0] ? { pledge: rows[0], campaign } : null;
  });

  if (!inserted) {
    // Lost the race to a concurrent submission with the same key: answer with its row.
    const winner = await findByKey(key);
    if (!winner) throw new Error('Pledge vanished after an idempotency conflict');
    return sameOrRefuse(winner, form, email);
  }

  const { pledge, campaign } = inserted;
  // Paid online, the donor is mailed a receipt when the money arrives (lib/dal/payments), not payment instructions.
  if (opts.online) return outcome(pledge, campaign, true);
  // The pledge stands whatever happens to the mail.
  await sendPledgeThanks({
    pledge,
    campaign,
    token: pledgeToken(pledge.id),
    confirmToken,
    paymentInstructions: campaign.paymentInstructions || settings.paymentInstructions,
  });
  return outcome(pledge, campaign, true);
}
