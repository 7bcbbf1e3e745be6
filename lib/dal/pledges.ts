import 'server-only';
/**
 * Pledges: creating them idempotently, the pledger's own view and cancellation, the public donor wall,
 * staff status changes and export, and who gets the supporter badge.
 *
 * Idempotency: every form carries a key; the insert is `on conflict (idempotency_key) do nothing`, so any
 * number of retries (double clicks, reloads, concurrent requests) leave one row, and each retry is answered
 * with that row when it is the same pledge, or refused when the key comes back with a different amount.
 *
 * The pledger's secret link (pledge page, cancel) carries a token derived from the pledge id with
 * HMAC(AUTH_SECRET); only its SHA-256 is stored. It goes to the pledge's address by mail and nowhere else:
 * the form's response (first submission or a replay of it from history or a shared computer) never shows
 * it, only "we mailed the link to j***@example.com".
 *
 * Trust: a guest's pledge counts toward the public bar only once its address is confirmed through the
 * double opt-in link (a random single-use token, stored hashed) or staff mark it received; a pledge above
 * the campaign's review ceiling waits for staff approval; donor-wall messages wait for staff unless the
 * campaign publishes them at once. `countedSql` in campaigns.ts is the one definition of "counts".
 */
import crypto from 'node:crypto';
import { and, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, type DbOrTx } from '@/db/client';
import { campaigns, pledges, users, type Campaign, type Pledge, type PledgeStatus } from '@/db/schema';
import type { PledgeMessageStatus, PledgeReview } from '@/db/schema/pledges';
import { TAGS } from '@/lib/cache-tags';
import { NotFoundError, UserError } from '@/lib/errors';
import { recordAudit } from '@/lib/dal/audit';
import { closedReason, countedSql, loadTotals } from '@/lib/dal/campaigns';
import { assertNotBanned, getViewer, requirePermission, requireViewer, type Viewer } from '@/lib/dal/session';
import { loadSettings } from '@/lib/settings';
import { sendMail } from '@/lib/mail';
import { formatMoney } from '@/lib/money';
import type { Permission } from '@/lib/auth/roles';
import type { PledgeFilter, PledgeForm } from '@/lib/validation/pledge';
import { pledgeThanksMail } from '@/lib/mail/templates/pledge-thanks';
import { pledgeReceiptMail } from '@/lib/mail/templates/pledge-receipt';

/** Cache tag of one pledge's confirmation page. */
export const pledgeTag = (id: string) => `pledge:${id}`;

export const WALL_PAGE_SIZE = 10;
export const STAFF_PAGE_SIZE = 50;

/** Staff reads and writes: the permission, and not banned (a banned admin keeps the role on paper only). */
async function requireStaffPermission(permission: Permission) {
  const viewer = await requirePermission(permission);
  assertNotBanned(viewer);
  return viewer;
}

// ---------------------------------------------------------------------------------------------------
// Tokens

function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (s) return s;
  if (process.env.NODE_ENV === 'production') throw new Error('AUTH_SECRET must be set');
  return 'broadsheet-development-secret';
}

/** The secret in the pledger's links, derived from the id (so every retry can answer with the same link). */
export function pledgeToken(pledgeId: string): string {
  return crypto.createHmac('sha256', secret()).update(`pledge:${pledgeId}`).digest('base64url');
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function hashMatches(hash: string | null, token: string): boolean {
  if (!hash || typeof token !== 'string' || token.length < 20 || token.length > 100) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function tokenMatches(row: Pick<Pledge, 'cancelTokenHash'>, token: string): boolean {
  return hashMatches(row.cancelTokenHash, token);
}

/** "jane.doe@example.com" -> "j***@example.com": enough for the pledger to recognise, not to learn it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function confirmPath(pledgeId: string, token: string): string {
  return `/pledges/confirm/${pledgeId}/${encodeURIComponent(token)}`;
}

export function pledgePath(pledgeId: string, token = pledgeToken(pledgeId)): string {
  return `/pledges/${pledgeId}/${token}`;
}

/** Short reference people quote with their payment. */
export function pledgeNumber(pledgeId: string): string {
  return pledgeId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

// ---------------------------------------------------------------------------------------------------
// Creating

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

function outcome(p: Pledge, c: Pick<Campaign, 'title' | 'slug'>, created: boolean): CreatedPledge {
  return {
    id: p.id,
    campaignId: p.campaignId,
    created,
    maskedEmail: maskEmail(p.email),
    needsConfirmation: !p.confirmedAt && p.status === 'pledged',
    held: p.review === 'held',
    messageHeld: !!p.message && p.messageStatus === 'pending',
    campaign: { title: c.title, slug: c.slug },
  };
}

/**
 * Records a pledge. `form` is already validated (lib/validation/pledge.ts). Throws UserError (with
 * fieldErrors where one field is at fault) for a missing or closed campaign, a currency other than the
 * campaign's, a guest without email, a banned user, or an idempotency key reused for a different pledge.
 */
export async function createPledge(form: PledgeForm, opts: { viewer?: Viewer | null; refuseNew?: string } = {}): Promise<CreatedPledge> {
  const viewer = opts.viewer === undefined ? await getViewer() : opts.viewer;
  if (viewer) assertNotBanned(viewer);
  const email = (form.email || viewer?.email || '').toLowerCase();
  if (!email) throw new UserError('Please check the highlighted field.', 400, { email: ['Enter your email so we can send your receipt.'] });

  const settings = await loadSettings();
  const lowered = form.message.toLowerCase();
  if (settings.bannedWords.some((w) => w && lowered.includes(w.toLowerCase()))) {
    throw new UserError('Please check the highlighted field.', 400, {
      message: ['Your message contains words we don’t publish. Please rephrase it.'],
    });
  }

  // Without JavaScript the form may arrive without a key: derive one from the submission itself, so an
  // identical resubmission within ten minutes is recognised as the same pledge.
  // The previous ten-minute window counts too, so a resubmission just after a window boundary still matches.
  const window = Math.floor(Date.now() / 600_000);
  const derived = (w: number) =>
    `nojs:${crypto
      .createHash('sha256')
      .update(JSON.stringify([form.campaignId, email, form.amountCents, form.currency, form.frequency, form.message, w]))
      .digest('base64url')}`;
  const key = form.idempotencyKey || derived(window);

  const db = await getDb();
  const existing = (await findByKey(key)) ?? (form.idempotencyKey ? undefined : await findByKey(derived(window - 1)));
  if (existing) return sameOrRefuse(existing, form, email);
  // A signed-in reader pledging with their own verified address has proved it already.
  const confirmed = !!viewer && viewer.emailVerified && viewer.email.toLowerCase() === email;
  const confirmToken = confirmed ? null : crypto.randomBytes(32).toString('base64url');
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
        messageStatus: !form.message || campaign.publishMessagesAtOnce ? 'approved' : 'pending',
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
  const token = pledgeToken(pledge.id);
  try {
    await sendMail(
      pledgeThanksMail({
        pledge,
        campaign,
        token,
        confirmToken,
        paymentInstructions: campaign.paymentInstructions || settings.paymentInstructions,
      }),
    );
  } catch (err) {
    // The pledge stands; the mail is kept in the outbox with its error for staff to see.
    console.error('Pledge thank-you mail failed', (err as Error).message);
  }
  return outcome(pledge, campaign, true);
}

async function findByKey(key: string): Promise<Pledge | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(pledges).where(eq(pledges.idempotencyKey, key)).limit(1);
  return row;
}

/** A retry of a recorded form: the same pledge (told without its secret link), or refused when it differs. */
async function sameOrRefuse(existing: Pledge, form: PledgeForm, email: string): Promise<CreatedPledge> {
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

// ---------------------------------------------------------------------------------------------------
// The pledger's view

export type PledgeView = {
  id: string;
  number: string;
  amountCents: number;
  currency: string;
  frequency: 'one_time' | 'monthly';
  status: PledgeStatus;
  email: string;
  displayName: string;
  anonymous: boolean;
  hideAmount: boolean;
  message: string;
  createdAt: Date;
  receivedAt: Date | null;
  cancelledAt: Date | null;
  /** The address is confirmed (or staff marked it received). */
  confirmed: boolean;
  review: PledgeReview;
  messageStatus: PledgeMessageStatus;
  campaign: { id: string; slug: string; title: string };
  paymentInstructions: string;
};

function toView(p: Pledge, c: Campaign, fallbackInstructions: string): PledgeView {
  return {
    id: p.id,
    number: pledgeNumber(p.id),
    amountCents: p.amountCents,
    currency: p.currency,
    frequency: p.frequency,
    status: p.status,
    email: p.email,
    displayName: p.displayName,
    anonymous: p.anonymous,
    hideAmount: p.hideAmount,
    message: p.message,
    createdAt: p.createdAt,
    receivedAt: p.receivedAt,
    cancelledAt: p.cancelledAt,
    confirmed: !!p.confirmedAt || p.status === 'received',
    review: p.review,
    messageStatus: p.messageStatus,
    campaign: { id: c.id, slug: c.slug, title: c.title },
    paymentInstructions: c.paymentInstructions || fallbackInstructions,
  };
}

/** The confirmation page's data, for the holder of the pledge's token; null when id or token is wrong. */
export async function getPledgeWithToken(id: string, token: string): Promise<PledgeView | null> {
  'use cache';
  cacheTag(pledgeTag(id));
  cacheLife('hours');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ p: pledges, c: campaigns })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(eq(pledges.id, id))
    .limit(1);
  if (!row || !tokenMatches(row.p, token)) return null;
  const settings = await loadSettings();
  return toView(row.p, row.c, settings.paymentInstructions);
}

// ---------------------------------------------------------------------------------------------------
// Double opt-in

export type ConfirmView = {
  id: string;
  number: string;
  amountCents: number;
  currency: string;
  frequency: 'one_time' | 'monthly';
  status: PledgeStatus;
  confirmed: boolean;
  held: boolean;
  rejected: boolean;
  messageHeld: boolean;
  maskedEmail: string;
  campaign: { id: string; slug: string; title: string };
};

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

function toConfirmView(p: Pledge, c: Campaign): ConfirmView {
  return {
    id: p.id,
    number: pledgeNumber(p.id),
    amountCents: p.amountCents,
    currency: p.currency,
    frequency: p.frequency,
    status: p.status,
    confirmed: !!p.confirmedAt,
    held: p.review === 'held',
    rejected: p.review === 'rejected',
    messageHeld: !!p.message && p.messageStatus === 'pending',
    maskedEmail: maskEmail(p.email),
    campaign: { id: c.id, slug: c.slug, title: c.title },
  };
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
  return db.transaction(async (tx) => {
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
}

export type CancelResult = { campaignId: string; pledgeId: string; alreadyCancelled: boolean };

async function cancelWhere(where: SQL, actorId: string | null, how: string): Promise<CancelResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(pledges).where(where).for('update');
    if (!before) throw new NotFoundError('This pledge does not exist.');
    if (before.status === 'cancelled') return { campaignId: before.campaignId, pledgeId: before.id, alreadyCancelled: true };
    if (before.status !== 'pledged')
      throw new UserError('This pledge has already been received, so it can’t be cancelled here. Please contact the newsroom.', 409);
    const [after] = await tx
      .update(pledges)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(and(eq(pledges.id, before.id), eq(pledges.status, 'pledged')))
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
    return { campaignId: before.campaignId, pledgeId: before.id, alreadyCancelled: false };
  });
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

export type MyPledge = PledgeView & { path: string | null };

/** The signed-in viewer's pledges, newest first (for their account page). */
export async function listMyPledges(): Promise<MyPledge[]> {
  const viewer = await requireViewer();
  const db = await getDb();
  const settings = await loadSettings();
  const rows = await db
    .select({ p: pledges, c: campaigns })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(eq(pledges.userId, viewer.id))
    .orderBy(desc(pledges.createdAt))
    .limit(200);
  // The secret link only for pledges to the account's own verified address: someone signed in who typed
  // another person's address is not that address's owner (the mail went there).
  const own = (p: Pledge) => viewer.emailVerified && p.email.toLowerCase() === viewer.email.toLowerCase();
  return rows.map((r) => ({ ...toView(r.p, r.c, settings.paymentInstructions), path: own(r.p) ? pledgePath(r.p.id) : null }));
}

// ---------------------------------------------------------------------------------------------------
// Donor wall

export type WallEntry = {
  id: string;
  name: string;
  anonymous: boolean;
  /** null when the donor asked to hide it. */
  amountCents: number | null;
  currency: string;
  frequency: 'one_time' | 'monthly';
  message: string;
  createdAt: Date;
};

export async function listDonorWall(
  campaignId: string,
  page = 1,
): Promise<{ entries: WallEntry[]; page: number; pages: number; total: number }> {
  'use cache';
  cacheTag(TAGS.campaign(campaignId));
  cacheLife('hours');
  const db = await getDb();
  // Only pledges that count are on the wall (an unconfirmed stranger's name is not), and only approved messages.
  const where = and(eq(pledges.campaignId, campaignId), ne(pledges.status, 'cancelled'), countedSql);
  const [{ total }] = await db.select({ total: count() }).from(pledges).where(where);
  const pages = Math.max(1, Math.ceil(total / WALL_PAGE_SIZE));
  const rows = await db
    .select()
    .from(pledges)
    .where(where)
    .orderBy(desc(pledges.createdAt), desc(pledges.id))
    .limit(WALL_PAGE_SIZE)
    .offset((page - 1) * WALL_PAGE_SIZE);
  return {
    page,
    pages,
    total,
    entries: rows.map((p) => ({
      id: p.id,
      name: p.anonymous ? 'Anonymous' : p.displayName || 'A supporter',
      anonymous: p.anonymous,
      amountCents: p.hideAmount ? null : p.amountCents,
      currency: p.currency,
      frequency: p.frequency,
      message: p.messageStatus === 'approved' ? p.message : '',
      createdAt: p.createdAt,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Supporter badge

/**
 * Which of these users have a pledge that counts (received, or confirmed and not held) made by their own
 * account with a verified address (empty when the supporterBadge setting is off), for the supporter badge
 * next to comments. A guest's or an unconfirmed pledge never earns it. Cached per set of ids; marking a pledge received or cancelled
 * invalidates TAGS.campaigns, changing the setting invalidates TAGS.settings.
 */
export async function getSupporterIds(userIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(userIds.filter(Boolean))].sort();
  if (ids.length === 0) return new Set();
  return new Set(await supporterIdList(ids));
}

/** Whether one user has the supporter badge. */
export async function isSupporter(userId: string | null | undefined): Promise<boolean> {
  if (!userId) return false;
  return (await getSupporterIds([userId])).has(userId);
}

async function supporterIdList(ids: string[]): Promise<string[]> {
  'use cache';
  cacheTag(TAGS.campaigns, TAGS.settings);
  cacheLife('hours');
  const settings = await loadSettings();
  if (!settings.supporterBadge) return [];
  const db = await getDb();
  const rows = await db
    .selectDistinct({ userId: pledges.userId })
    .from(pledges)
    .innerJoin(users, eq(users.id, pledges.userId))
    .where(and(inArray(pledges.userId, ids), isNotNull(users.emailVerified), countedSql));
  return rows.map((r) => r.userId!).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------
// Staff

/** A pledge as staff see it: everything but the hashes of the pledger's secrets. */
export type StaffPledge = Omit<Pledge, 'cancelTokenHash' | 'confirmTokenHash'> & { campaignTitle: string; number: string };

function forStaff(p: Pledge, campaignTitle: string): StaffPledge {
  const { cancelTokenHash: _c, confirmTokenHash: _k, ...rest } = p;
  return { ...rest, campaignTitle, number: pledgeNumber(p.id) };
}

function filterWhere(f: Partial<PledgeFilter>): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(pledges.status, f.status));
  if (f.review === 'held') conds.push(eq(pledges.review, 'held'), ne(pledges.status, 'cancelled'));
  if (f.review === 'message') conds.push(eq(pledges.messageStatus, 'pending'), ne(pledges.message, ''), ne(pledges.status, 'cancelled'));
  if (f.review === 'unconfirmed') conds.push(isNull(pledges.confirmedAt), eq(pledges.status, 'pledged'));
  if (f.campaignId) conds.push(eq(pledges.campaignId, f.campaignId));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(pledges.email, like), ilike(pledges.displayName, like), ilike(pledges.id, like))!);
  }
  if (f.from) conds.push(gte(pledges.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conds.push(lt(pledges.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  return conds.length ? and(...conds) : undefined;
}

export async function listPledgesForStaff(
  f: Partial<PledgeFilter>,
): Promise<{ rows: StaffPledge[]; total: number; page: number; pages: number }> {
  await requireStaffPermission('pledges:manage');
  const db = await getDb();
  const where = filterWhere(f);
  const page = f.page ?? 1;
  const [{ total }] = await db.select({ total: count() }).from(pledges).where(where);
  const rows = await db
    .select({ p: pledges, campaignTitle: campaigns.title })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(where)
    .orderBy(desc(pledges.createdAt), desc(pledges.id))
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE);
  return {
    rows: rows.map((r) => forStaff(r.p, r.campaignTitle)),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE)),
  };
}

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
  const viewer = await requireStaffPermission('pledges:manage');
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
  if (result.changed && input.status === 'received') {
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, result.after.campaignId)).limit(1);
    try {
      await sendMail(pledgeReceiptMail({ pledge: result.after, campaign }));
    } catch (err) {
      console.error('Pledge receipt mail failed', (err as Error).message);
    }
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
  const viewer = await requireStaffPermission('pledges:manage');
  const db = await getDb();
  const target = input.decision === 'approve' ? 'approved' : 'rejected';
  return db.transaction(async (tx) => {
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
}

/** Staff: publish or reject a pledge's donor-wall message. Audited; a repeated decision is a no-op. */
export async function reviewPledgeMessage(input: {
  pledgeId: string;
  decision: 'approve' | 'reject';
}): Promise<{ campaignId: string; changed: boolean }> {
  const viewer = await requireStaffPermission('pledges:manage');
  const db = await getDb();
  const target = input.decision === 'approve' ? 'approved' : 'rejected';
  return db.transaction(async (tx) => {
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
}

const CSV_COLUMNS = [
  'pledge_id',
  'number',
  'created_at',
  'campaign',
  'status',
  'amount',
  'currency',
  'frequency',
  'email',
  'display_name',
  'anonymous',
  'hide_amount',
  'message',
  'received_at',
  'cancelled_at',
  'staff_note',
  'confirmed_at',
  'review',
  'message_status',
] as const;

/** One CSV field: quoted, quotes doubled, and spreadsheet formulas defused. */
export function csvField(value: unknown): string {
  let s = value == null ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Staff CSV export (RFC 4180, CRLF line ends) of the pledges matching the filter. */
export async function exportPledgesCsv(f: Partial<PledgeFilter>): Promise<string> {
  await requireStaffPermission('pledges:manage');
  const db = await getDb();
  const rows = await db
    .select({ p: pledges, campaignTitle: campaigns.title })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(filterWhere({ ...f, page: undefined }))
    .orderBy(pledges.createdAt, pledges.id)
    .limit(100_000);
  const lines = [CSV_COLUMNS.join(',')];
  for (const { p, campaignTitle } of rows) {
    const amount = `${Math.trunc(p.amountCents / 100)}.${String(p.amountCents % 100).padStart(2, '0')}`;
    lines.push(
      [
        p.id,
        pledgeNumber(p.id),
        p.createdAt,
        campaignTitle,
        p.status,
        amount,
        p.currency,
        p.frequency,
        p.email,
        p.displayName,
        p.anonymous,
        p.hideAmount,
        p.message,
        p.receivedAt,
        p.cancelledAt,
        p.staffNote,
        p.confirmedAt,
        p.review,
        p.messageStatus,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
