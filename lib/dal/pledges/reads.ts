import 'server-only';
/**
 * Pledge reads for the public and the pledger: the pledge page behind the secret link, "your pledges",
 * the donor wall and who gets the supporter badge. Only pledges that count (see `countedSql` in
 * campaigns.ts) are on the wall or earn the badge.
 */
import { and, count, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db/client';
import { campaigns, pledges, users, type Pledge } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { countedSql } from '@/lib/dal/campaigns';
import { requireViewer } from '@/lib/dal/session';
import { loadSettings } from '@/lib/settings';
import { pledgePath, tokenMatches } from './tokens';
import { toView, type PledgeView } from './views';

export const WALL_PAGE_SIZE = 10;

/** The confirmation page's data, for the holder of the pledge's token; null when id or token is wrong. */
export async function getPledgeWithToken(id: string, token: string): Promise<PledgeView | null> {
  'use cache';
  cacheTag(TAGS.pledge(id));
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
 * account with a verified address and shown under their name (empty when the supporterBadge setting is off),
 * for the supporter badge next to comments. A guest's, an unconfirmed or an anonymous pledge never earns it:
 * a badge on someone's comments would tell every reader who gave anonymously. Cached per set of ids; marking a pledge received or cancelled
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
    .where(and(inArray(pledges.userId, ids), isNotNull(users.emailVerified), eq(pledges.anonymous, false), countedSql));
  return rows.map((r) => r.userId!).filter(Boolean);
}
