import 'server-only';
/** The staff pledge list: filters (status, review queue, campaign, search, dates) and paging. */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, payments, pledges, type Payment, type Pledge } from '@/db/schema';
import { requireStaff } from '@/lib/dal/admin/guard';
import type { PledgeFilter } from '@/lib/validation/pledge';
import { pledgeNumber } from './tokens';

export const STAFF_PAGE_SIZE = 50;

/** A pledge as staff see it: everything but the hashes of the pledger's secrets. */
export type StaffPledge = Omit<Pledge, 'cancelTokenHash' | 'confirmTokenHash'> & {
  campaignTitle: string;
  number: string;
  /** Money received online for it (the provider's references), oldest first. */
  payments: Pick<Payment, 'ref' | 'amountCents' | 'currency' | 'refundedCents' | 'receivedAt' | 'periodStart'>[];
};

function forStaff(p: Pledge, campaignTitle: string, paid: StaffPledge['payments'] = []): StaffPledge {
  const rest: Partial<Pledge> = { ...p };
  delete rest.cancelTokenHash;
  delete rest.confirmTokenHash;
  return { ...(rest as Omit<Pledge, 'cancelTokenHash' | 'confirmTokenHash'>), campaignTitle, number: pledgeNumber(p.id), payments: paid };
}

export function filterWhere(f: Partial<PledgeFilter>): SQL | undefined {
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
  await requireStaff('pledges:manage');
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
  const online = rows.filter((r) => r.p.provider).map((r) => r.p.id);
  const paid = online.length
    ? await db
        .select({
          pledgeId: payments.pledgeId,
          ref: payments.ref,
          amountCents: payments.amountCents,
          currency: payments.currency,
          refundedCents: payments.refundedCents,
          receivedAt: payments.receivedAt,
          periodStart: payments.periodStart,
        })
        .from(payments)
        .where(inArray(payments.pledgeId, online))
        .orderBy(asc(payments.receivedAt), asc(payments.id))
    : [];
  const byPledge = new Map<string, StaffPledge['payments']>();
  for (const { pledgeId, ...pay } of paid) byPledge.set(pledgeId, [...(byPledge.get(pledgeId) ?? []), pay]);
  return {
    rows: rows.map((r) => forStaff(r.p, r.campaignTitle, byPledge.get(r.p.id))),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE)),
  };
}
