import 'server-only';
/**
 * Pledges: creating them idempotently, the pledger's own view and cancellation, the public donor wall,
 * staff status changes and export, and who gets the supporter badge.
 *
 * Idempotency: every form carries a key; the insert is `on conflict (idempotency_key) do nothing`, so any
 * number of retries (double clicks, reloads, concurrent requests) leave one row, and each retry is answered
 * with that row when it is the same pledge, or refused when the key comes back with a different amount.
 *
 * The pledger's secret link (confirmation page, cancel) carries a token derived from the pledge id with
 * HMAC(AUTH_SECRET), so a retry can answer with the same link; only its SHA-256 is stored.
 */
import crypto from 'node:crypto';
import { and, count, desc, eq, gte, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db/client';
import { campaigns, pledges, type Campaign, type Pledge, type PledgeStatus } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { NotFoundError, UserError } from '@/lib/errors';
import { recordAudit } from '@/lib/dal/audit';
import { closedReason, loadTotals } from '@/lib/dal/campaigns';
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

function tokenMatches(row: Pick<Pledge, 'cancelTokenHash'>, token: string): boolean {
  if (!row.cancelTokenHash || typeof token !== 'string' || token.length < 20 || token.length > 100) return false;
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(row.cancelTokenHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
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

export type CreatedPledge = { id: string; campaignId: string; created: boolean; path: string };

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
    throw new UserError('Please check the highlighted field.', 400, { message: ['Your message contains words we don’t publish. Please rephrase it.'] });
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
      throw new UserError('Please check the highlighted field.', 400, { currency: [`This campaign takes pledges in ${campaign.currency}.`] });
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
    await sendMail(pledgeThanksMail({ pledge, campaign, token, paymentInstructions: campaign.paymentInstructions || settings.paymentInstructions }));
  } catch (err) {
    // The pledge stands; the mail is kept in the outbox with its error for staff to see.
    console.error('Pledge thank-you mail failed', (err as Error).message);
  }
  return { id: pledge.id, campaignId: pledge.campaignId, created: true, path: pledgePath(pledge.id, token) };
}

async function findByKey(key: string): Promise<Pledge | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(pledges).where(eq(pledges.idempotencyKey, key)).limit(1);
  return row;
}

function sameOrRefuse(existing: Pledge, form: PledgeForm, email: string): CreatedPledge {
  if (existing.amountCents !== form.amountCents || existing.currency !== form.currency) {
    throw new UserError(
      `This form was already used to pledge ${formatMoney(existing.amountCents, existing.currency)}. To pledge a different amount, reload the page and submit a new pledge.`,
      409,
      { amount: ['This form was already submitted with a different amount.'] },
    );
  }
  if (existing.campaignId !== form.campaignId || existing.email.toLowerCase() !== email || existing.frequency !== form.frequency) {
    throw new UserError('This form was already used for a different pledge. Reload the page to make a new one.', 409);
  }
  return { id: existing.id, campaignId: existing.campaignId, created: false, path: pledgePath(existing.id) };
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
  const [row] = await db.select({ p: pledges, c: campaigns }).from(pledges).innerJoin(campaigns, eq(campaigns.id, pledges.campaignId)).where(eq(pledges.id, id)).limit(1);
  if (!row || !tokenMatches(row.p, token)) return null;
  const settings = await loadSettings();
  return toView(row.p, row.c, settings.paymentInstructions);
}

export type CancelResult = { campaignId: string; pledgeId: string; alreadyCancelled: boolean };

async function cancelWhere(where: SQL, actorId: string | null, how: string): Promise<CancelResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(pledges).where(where).for('update');
    if (!before) throw new NotFoundError('This pledge does not exist.');
    if (before.status === 'cancelled') return { campaignId: before.campaignId, pledgeId: before.id, alreadyCancelled: true };
    if (before.status !== 'pledged') throw new UserError('This pledge has already been received, so it can’t be cancelled here. Please contact the newsroom.', 409);
    const [after] = await tx
      .update(pledges)
      .set({ status: 'cancelled', cancelledAt: new Date() })
      .where(and(eq(pledges.id, before.id), eq(pledges.status, 'pledged')))
      .returning();
    await recordAudit({ actorId, action: `pledge.cancel.${how}`, entityType: 'pledge', entityId: before.id, before: { status: before.status }, after: { status: after.status } }, tx);
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

export type MyPledge = PledgeView & { path: string };

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
  return rows.map((r) => ({ ...toView(r.p, r.c, settings.paymentInstructions), path: pledgePath(r.p.id) }));
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

export async function listDonorWall(campaignId: string, page = 1): Promise<{ entries: WallEntry[]; page: number; pages: number; total: number }> {
  'use cache';
  cacheTag(TAGS.campaign(campaignId));
  cacheLife('hours');
  const db = await getDb();
  const where = and(eq(pledges.campaignId, campaignId), ne(pledges.status, 'cancelled'));
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
      message: p.message,
      createdAt: p.createdAt,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Supporter badge

/**
 * Which of these users have a received pledge (empty when the supporterBadge setting is off), for the
 * supporter badge next to comments. Cached per set of ids; marking a pledge received or cancelled
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
    .where(and(inArray(pledges.userId, ids), eq(pledges.status, 'received')));
  return rows.map((r) => r.userId!).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------
// Staff

export type StaffPledge = Pledge & { campaignTitle: string; number: string };

function filterWhere(f: Partial<PledgeFilter>): SQL | undefined {
  const conds: SQL[] = [];
  if (f.status) conds.push(eq(pledges.status, f.status));
  if (f.campaignId) conds.push(eq(pledges.campaignId, f.campaignId));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(pledges.email, like), ilike(pledges.displayName, like), ilike(pledges.id, like))!);
  }
  if (f.from) conds.push(gte(pledges.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conds.push(lt(pledges.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  return conds.length ? and(...conds) : undefined;
}

export async function listPledgesForStaff(f: Partial<PledgeFilter>): Promise<{ rows: StaffPledge[]; total: number; page: number; pages: number }> {
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
    rows: rows.map((r) => ({ ...r.p, campaignTitle: r.campaignTitle, number: pledgeNumber(r.p.id) })),
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
export async function setPledgeStatus(input: { pledgeId: string; status: 'received' | 'cancelled'; note: string }): Promise<{ campaignId: string; userId: string | null; changed: boolean }> {
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

const CSV_COLUMNS = [
  'pledge_id', 'number', 'created_at', 'campaign', 'status', 'amount', 'currency', 'frequency', 'email',
  'display_name', 'anonymous', 'hide_amount', 'message', 'received_at', 'cancelled_at', 'staff_note',
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
      [p.id, pledgeNumber(p.id), p.createdAt, campaignTitle, p.status, amount, p.currency, p.frequency, p.email, p.displayName,
        p.anonymous, p.hideAmount, p.message, p.receivedAt, p.cancelledAt, p.staffNote].map(csvField).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
