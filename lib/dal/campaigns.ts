import 'server-only';
/**
 * Campaigns and their totals. Public reads are cached and tagged TAGS.campaigns (lists, "which one is
 * featured") and TAGS.campaign(id) (one campaign's row and totals); every write to a campaign or to one of
 * its pledges invalidates them, so the bar is never stale.
 *
 * Totals count only pledges that are trusted (see `countedSql`): what staff marked received, and promises
 * whose pledger confirmed the address and whose amount is not held for review. An anonymous stranger's
 * unconfirmed 100,000 USD promise moves nothing. The bar draws the received part and the confirmed,
 * still-outstanding part as two segments. Supporters are distinct emails of counted pledges.
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, type DbOrTx } from '@/db/client';
import { campaigns, payments, pledges, type Campaign } from '@/db/schema';
import { campaignTags, TAGS } from '@/lib/cache-tags';
import { clockFace, daysLeftAt } from '@/lib/campaign-clock';
import { invalidate } from '@/lib/cache-invalidate';
import { NotFoundError, uniqueViolation, UserError } from '@/lib/errors';
import { recordAudit } from '@/lib/dal/audit';
import { requireStaff } from '@/lib/dal/admin/guard';
import type { CampaignForm } from '@/lib/validation/pledge';

/** The tags a write to this campaign or one of its pledges dirties: the lists and the campaign itself. */

export type CampaignTotals = {
  /** Received by the newsroom. */
  receivedCents: number;
  /** Promised and not yet received. */
  outstandingCents: number;
  /** receivedCents + outstandingCents: everything not cancelled. */
  pledgedCents: number;
  supporters: number;
};

export type CampaignSummary = CampaignTotals & {
  id: string;
  slug: string;
  title: string;
  description: string;
  goalCents: number;
  currency: string;
  presetAmountsCents: number[];
  startsAt: Date;
  endsAt: Date | null;
  active: boolean;
  featured: boolean;
  stopAtGoal: boolean;
  /** Whole percent of the goal pledged (may exceed 100). */
  percent: number;
  /** Days until endsAt (rounded up), null without an end date, 0 once ended. */
  daysLeft: number | null;
  /** Why new pledges are refused right now, or null when the campaign is open. */
  closedReason: string | null;
};

/**
 * Whether a pledge counts toward the public bar, the donor wall and the supporter badge: staff marked it
 * received, or it is an unpaid promise whose address is confirmed and whose amount is not held for (or
 * rejected in) staff review. A pledge paid online (provider set) counts only while its money is received: a
 * checkout started and never paid is not a promise.
 */
export const countedSql = sql`(${pledges.status} = 'received' or (${pledges.provider} is null and ${pledges.status} = 'pledged' and ${pledges.confirmedAt} is not null and ${pledges.review} in ('none', 'approved')))`;

/**
 * Received money: pledges staff marked received (paid by the donor's own means), plus what arrived online
 * (the payments table, less refunds: a monthly gift counts each month paid, also once it is cancelled).
 */
export async function loadTotals(db: DbOrTx, campaignId: string): Promise<CampaignTotals> {
  const [row] = await db
    .select({
      received: sql<string>`coalesce(sum(${pledges.amountCents}) filter (where ${pledges.status} = 'received' and ${pledges.provider} is null), 0)`,
      online: sql<string>`(select coalesce(sum(${payments.amountCents} - ${payments.refundedCents}), 0) from ${payments} where ${payments.campaignId} = ${campaignId})`,
      outstanding: sql<string>`coalesce(sum(${pledges.amountCents}) filter (where ${pledges.status} = 'pledged'), 0)`,
      supporters: sql<string>`count(distinct lower(${pledges.email}))`,
    })
    .from(pledges)
    .where(and(eq(pledges.campaignId, campaignId), ne(pledges.status, 'cancelled'), countedSql));
  const receivedCents = Number(row?.received ?? 0) + Number(row?.online ?? 0);
  const outstandingCents = Number(row?.outstanding ?? 0);
  return { receivedCents, outstandingCents, pledgedCents: receivedCents + outstandingCents, supporters: Number(row?.supporters ?? 0) };
}

/** Why a campaign refuses pledges at `now`, or null when it is open. */
export function closedReason(
  c: Pick<Campaign, 'active' | 'startsAt' | 'endsAt' | 'stopAtGoal' | 'goalCents'>,
  pledgedCents: number,
  now: Date,
): string | null {
  if (!c.active) return 'This campaign is closed and no longer takes pledges.';
  if (c.startsAt.getTime() > now.getTime()) return 'This campaign has not started yet.';
  if (c.endsAt && c.endsAt.getTime() <= now.getTime())
    return 'This campaign has ended and no longer takes pledges. Thank you to everyone who gave!';
  if (c.stopAtGoal && pledgedCents >= c.goalCents) return 'This campaign has reached its goal and no longer takes pledges. Thank you!';
  return null;
}

export function summarize(c: Campaign, totals: CampaignTotals, now: Date): CampaignSummary {
  const daysLeft = daysLeftAt(c.endsAt, now);
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    description: c.description,
    goalCents: c.goalCents,
    currency: c.currency,
    presetAmountsCents: c.presetAmountsCents,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    active: c.active,
    featured: c.featured,
    stopAtGoal: c.stopAtGoal,
    ...totals,
    percent: Math.floor((totals.pledgedCents * 100) / c.goalCents),
    daysLeft,
    closedReason: closedReason(c, totals.pledgedCents, now),
  };
}

/** Cache lifetime: minutes, so "days left" and the end date take effect without a write. */
function campaignCacheLife(c: Campaign | undefined) {
  const now = Date.now();
  const next = [c?.startsAt.getTime(), c?.endsAt?.getTime()].filter((t): t is number => !!t && t > now).sort()[0];
  if (next !== undefined && next - now < 3_600_000) {
    const s = Math.max(1, Math.ceil((next - now) / 1000));
    cacheLife({ stale: Math.min(s, 300), revalidate: s, expire: Math.max(s, 300) });
  } else {
    cacheLife('minutes');
  }
}

/** Every active campaign's clock face now (lib/campaign-clock.ts), for the campaign clock job. Not cached. */
export async function campaignClockFaces(now: Date): Promise<Map<string, string>> {
  const db = await getDb();
  const rows = await db
    .select({ id: campaigns.id, startsAt: campaigns.startsAt, endsAt: campaigns.endsAt })
    .from(campaigns)
    .where(eq(campaigns.active, true));
  return new Map(rows.map((r) => [r.id, clockFace(r, now)]));
}

/** The site-wide featured campaign with its totals, or null when none is featured. */
export async function getFeaturedCampaign(): Promise<CampaignSummary | null> {
  'use cache';
  cacheTag(TAGS.campaigns);
  const db = await getDb();
  const [c] = await db.select().from(campaigns).where(eq(campaigns.featured, true)).limit(1);
  campaignCacheLife(c);
  if (!c) return null;
  cacheTag(TAGS.campaign(c.id));
  return summarize(c, await loadTotals(db, c.id), new Date());
}

export async function getCampaignSummary(id: string): Promise<CampaignSummary | null> {
  'use cache';
  cacheTag(TAGS.campaigns, TAGS.campaign(id));
  const db = await getDb();
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  campaignCacheLife(c);
  if (!c) return null;
  return summarize(c, await loadTotals(db, c.id), new Date());
}

/** Whether a campaign with this slug exists (cheap; lets a page answer 404 before it renders). */
export async function campaignExists(slug: string): Promise<boolean> {
  'use cache';
  cacheTag(TAGS.campaigns);
  cacheLife('hours');
  const db = await getDb();
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, slug)).limit(1);
  return !!c;
}

export async function getCampaignBySlug(slug: string): Promise<CampaignSummary | null> {
  'use cache';
  cacheTag(TAGS.campaigns);
  const db = await getDb();
  const [c] = await db.select().from(campaigns).where(eq(campaigns.slug, slug)).limit(1);
  campaignCacheLife(c);
  if (!c) return null;
  cacheTag(TAGS.campaign(c.id));
  return summarize(c, await loadTotals(db, c.id), new Date());
}

/** Public list of campaigns (active first, newest first). */
export async function listPublicCampaigns(): Promise<CampaignSummary[]> {
  'use cache';
  cacheTag(TAGS.campaigns);
  cacheLife('minutes');
  const db = await getDb();
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.active), desc(campaigns.startsAt)).limit(50);
  const now = new Date();
  const out: CampaignSummary[] = [];
  for (const c of rows) {
    cacheTag(TAGS.campaign(c.id));
    out.push(summarize(c, await loadTotals(db, c.id), now));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Staff

export type StaffCampaign = CampaignSummary & {
  paymentInstructions: string;
  reviewAboveCents: number;
  publishMessagesAtOnce: boolean;
  createdAt: Date;
  updatedAt: Date;
};

function staffFields(c: Campaign) {
  return {
    paymentInstructions: c.paymentInstructions,
    reviewAboveCents: c.reviewAboveCents,
    publishMessagesAtOnce: c.publishMessagesAtOnce,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export async function listCampaignsForStaff(): Promise<StaffCampaign[]> {
  await requireStaff('campaigns:manage');
  const db = await getDb();
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.featured), asc(campaigns.title));
  const now = new Date();
  return Promise.all(rows.map(async (c) => ({ ...summarize(c, await loadTotals(db, c.id), now), ...staffFields(c) })));
}

export async function getCampaignForStaff(id: string): Promise<StaffCampaign> {
  await requireStaff('campaigns:manage');
  const db = await getDb();
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  if (!c) throw new NotFoundError('This campaign does not exist.');
  return { ...summarize(c, await loadTotals(db, c.id), new Date()), ...staffFields(c) };
}

const SLUG_TAKEN = 'Another campaign already uses this address.';
const slugTaken = () => new UserError(SLUG_TAKEN, 409, { slug: [SLUG_TAKEN] });

/**
 * Creates (no id) or updates a campaign. Making one featured un-features the others in the same
 * transaction (a partial unique index allows only one). Returns the campaign id; dirties its tags.
 */
export async function saveCampaign(form: CampaignForm): Promise<{ id: string; created: boolean }> {
  const viewer = await requireStaff('campaigns:manage');
  const db = await getDb();
  try {
    const saved = await db.transaction(async (tx) => {
      const [clash] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, form.slug)).limit(1);
      if (clash && clash.id !== form.id) throw slugTaken();
      if (form.featured) {
        await tx
          .update(campaigns)
          .set({ featured: false, updatedAt: new Date() })
          .where(and(eq(campaigns.featured, true), form.id ? ne(campaigns.id, form.id) : sql`true`));
      }
      const values = {
        slug: form.slug,
        title: form.title,
        description: form.description,
        goalCents: form.goalCents,
        currency: form.currency,
        ...(form.presetAmountsCents.length ? { presetAmountsCents: form.presetAmountsCents } : {}),
        ...(form.startsAt ? { startsAt: form.startsAt } : {}),
        endsAt: form.endsAt,
        active: form.active,
        featured: form.featured,
        stopAtGoal: form.stopAtGoal,
        paymentInstructions: form.paymentInstructions,
        reviewAboveCents: form.reviewAboveCents,
        publishMessagesAtOnce: form.publishMessagesAtOnce,
      };
      if (!form.id) {
        const [row] = await tx.insert(campaigns).values(values).returning();
        await recordAudit({ actorId: viewer.id, action: 'campaign.create', entityType: 'campaign', entityId: row.id, after: row }, tx);
        return { id: row.id, created: true };
      }
      const [before] = await tx.select().from(campaigns).where(eq(campaigns.id, form.id)).for('update');
      if (!before) throw new NotFoundError('This campaign does not exist.');
      if (before.currency !== form.currency) {
        const [{ n }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(pledges)
          .where(eq(pledges.campaignId, form.id));
        if (n > 0)
          throw new UserError('The currency can’t change once people have pledged.', 400, {
            currency: ['The currency can’t change once people have pledged.'],
          });
      }
      const [after] = await tx
        .update(campaigns)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(campaigns.id, form.id))
        .returning();
      await recordAudit({ actorId: viewer.id, action: 'campaign.update', entityType: 'campaign', entityId: form.id, before, after }, tx);
      return { id: form.id, created: false };
    });
    await invalidate(campaignTags(saved.id));
    return saved;
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (uniqueViolation(err) === 'campaigns_slug_unique') throw slugTaken();
    throw err;
  }
}
