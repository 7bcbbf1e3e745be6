import 'server-only';
/**
 * Idempotent pledging: every form carries a key; the insert is `on conflict (idempotency_key) do nothing`,
 * so any number of retries (double clicks, reloads, concurrent requests) leave one row, and each retry is
 * answered with that row when it is the same pledge, or refused when the key comes back with a different
 * amount. The answer never carries the secret link: the submitter may not be the address's owner.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, pledges, type Campaign, type Pledge } from '@/db/schema';
import { UserError } from '@/lib/errors';
import type { PledgeForm } from '@/lib/validation/pledge';
import { maskEmail } from './tokens';

/**
 * What the pledge form may tell whoever submitted it. Never the secret link: the submitter may not be the
 * address's owner (a replayed form, a shared computer, someone typing another person's address).
 */
export type CreatedPledge = {
  id: string;
  campaignId: string;
  created: boolean;
  /** The address the mail went to, masked. */
  maskedEmail: string;
  /** Waiting for the double opt-in link before it counts. */
  needsConfirmation: boolean;
  /** Above the campaign's ceiling: waiting for staff review before it counts. */
  held: boolean;
  /** The donor-wall message waits for staff approval. */
  messageHeld: boolean;
  campaign: { title: string; slug: string };
};

export function outcome(p: Pledge, c: Pick<Campaign, 'title' | 'slug'>, created: boolean): CreatedPledge {
  return {
    id: p.id,
    campaignId: p.campaignId,
    created,
    maskedEmail: maskEmail(p.email),
    needsConfirmation: !p.confirmedAt && p.status === 'pledged' && !p.provider,
    held: p.review === 'held',
    messageHeld: !!p.message && p.messageStatus === 'pending',
    campaign: { title: c.title, slug: c.slug },
  };
}

/**
 * Without JavaScript the form may arrive without a key: derive one from the submission itself, so an
 * identical resubmission within ten minutes is recognised as the same pledge. Returns the key to insert
 * with and the keys an earlier submission of the same form may have used (the previous ten-minute window
 * counts too, so a resubmission just after a window boundary still matches).
 */
export function idempotencyKeys(form: PledgeForm, email: string): { key: string; earlier: string[] } {
  if (form.idempotencyKey) return { key: form.idempotencyKey, earlier: [form.idempotencyKey] };
  const window = Math.floor(Date.now() / 600_000);
  const derived = (w: number) =>
    `nojs:${crypto
      .createHash('sha256')
      .update(JSON.stringify([form.campaignId, email, form.amountCents, form.currency, form.frequency, form.message, w]))
      .digest('base64url')}`;
  return { key: derived(window), earlier: [derived(window), derived(window - 1)] };
}

export async function findByKey(key: string): Promise<Pledge | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(pledges).where(eq(pledges.idempotencyKey, key)).limit(1);
  return row;
}

/** The pledge recorded under the first of these keys that has one. */
export async function findEarlier(keys: string[]): Promise<Pledge | undefined> {
  for (const key of keys) {
    const row = await findByKey(key);
    if (row) return row;
  }
  return undefined;
}

/** A retry of a recorded form: the same pledge (told without its secret link), or refused when it differs. */
export async function sameOrRefuse(existing: Pledge, form: PledgeForm, email: string): Promise<CreatedPledge> {
  if (existing.amountCents !== form.amountCents || existing.currency !== form.currency) {
    throw new UserError(
      'This form was already used for a pledge. To pledge a different amount, reload the page and submit a new pledge.',
      409,
      { amount: ['This form was already submitted with a different amount.'] },
    );
  }
  if (existing.campaignId !== form.campaignId || existing.email.toLowerCase() !== email || existing.frequency !== form.frequency) {
    throw new UserError('This form was already used for a different pledge. Reload the page to make a new one.', 409);
  }
  const db = await getDb();
  const [campaign] = await db
    .select({ title: campaigns.title, slug: campaigns.slug })
    .from(campaigns)
    .where(eq(campaigns.id, existing.campaignId))
    .limit(1);
  return outcome(existing, campaign ?? { title: '', slug: '' }, false);
}
