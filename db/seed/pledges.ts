/** The demo campaigns and their pledges. */
import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { campaigns, pledges } from '../schema';
import { CLOSED_CAMPAIGN_SLUG, FEATURED_CAMPAIGN_SLUG } from './fixtures';

const DAY = 86_400_000;

type SeedPledge = {
  key: string;
  /** Index into the generated readers, or null for a pledge by a visitor without an account. */
  reader: number | null;
  email?: string;
  displayName?: string;
  amountCents: number;
  anonymous?: boolean;
  hideAmount?: boolean;
  message?: string;
  frequency?: 'one_time' | 'monthly';
  received?: boolean;
  daysAgo: number;
};

/** Sums to exactly 99,000 cents. */
const FEATURED_PLEDGES: SeedPledge[] = [
  { key: 'seed-pledge-1', reader: 0, amountCents: 25_000, received: true, daysAgo: 28, message: 'For the court reporting. Keep going.' },
  { key: 'seed-pledge-2', reader: 1, amountCents: 10_000, received: true, daysAgo: 25 },
  {
    key: 'seed-pledge-3',
    reader: null,
    email: 'friend.of.broadsheet@example.org',
    displayName: 'A friend on Quay Street',
    amountCents: 5_000,
    anonymous: true,
    daysAgo: 21,
    message: 'Small, but every month if I can.',
  },
  { key: 'seed-pledge-4', reader: 2, amountCents: 15_000, received: true, daysAgo: 17, hideAmount: true },
  { key: 'seed-pledge-5', reader: 3, amountCents: 2_500, frequency: 'monthly', daysAgo: 12, message: 'Monthly, for the school coverage.' },
  {
    key: 'seed-pledge-6',
    reader: null,
    email: 'harbour.books@example.org',
    displayName: 'Harbour Books',
    amountCents: 10_000,
    received: true,
    daysAgo: 9,
  },
  { key: 'seed-pledge-7', reader: 4, amountCents: 20_000, anonymous: true, daysAgo: 6 },
  { key: 'seed-pledge-8', reader: 5, amountCents: 7_500, daysAgo: 3, message: 'The long thread convinced me.' },
  { key: 'seed-pledge-9', reader: 6, amountCents: 4_000, daysAgo: 1 },
];

const CLOSED_PLEDGES: SeedPledge[] = [
  { key: 'seed-closed-pledge-1', reader: 7, amountCents: 5_000, received: true, daysAgo: 80 },
  {
    key: 'seed-closed-pledge-2',
    reader: 8,
    amountCents: 12_000,
    received: true,
    daysAgo: 70,
    message: 'Thank you for the election guides.',
  },
  {
    key: 'seed-closed-pledge-3',
    reader: null,
    email: 'anon.voter@example.org',
    displayName: 'A voter',
    amountCents: 2_500,
    anonymous: true,
    received: true,
    daysAgo: 60,
  },
  { key: 'seed-closed-pledge-4', reader: 9, amountCents: 10_000, received: true, daysAgo: 50 },
];

export type Reader = { id: string; email: string; name: string };

async function upsertCampaign(db: DbOrTx, values: typeof campaigns.$inferInsert): Promise<{ id: string; created: boolean }> {
  if (values.featured) {
    // Only one campaign may be featured; leave someone else's choice alone.
    const [other] = await db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.featured, true), ne(campaigns.slug, values.slug)))
      .limit(1);
    if (other) values = { ...values, featured: false };
  }
  const inserted = await db
    .insert(campaigns)
    .values(values)
    .onConflictDoNothing({ target: campaigns.slug })
    .returning({ id: campaigns.id });
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [row] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, values.slug));
  return { id: row.id, created: false };
}

async function insertPledges(db: DbOrTx, campaignId: string, list: SeedPledge[], readers: Reader[], now: number): Promise<number> {
  const rows = await db
    .insert(pledges)
    .values(
      list.map((p) => {
        const reader = p.reader === null ? null : readers[p.reader % readers.length];
        const createdAt = new Date(now - p.daysAgo * DAY);
        return {
          campaignId,
          userId: reader?.id ?? null,
          email: reader?.email ?? p.email!,
          displayName: reader?.name ?? p.displayName ?? '',
          anonymous: p.anonymous ?? false,
          hideAmount: p.hideAmount ?? false,
          message: p.message ?? '',
          amountCents: p.amountCents,
          currency: 'USD',
          frequency: p.frequency ?? 'one_time',
          status: p.received ? ('received' as const) : ('pledged' as const),
          idempotencyKey: p.key,
          createdAt,
          // Demo pledges are trusted: confirmed (they count toward the bar) and their messages published.
          confirmedAt: createdAt,
          messageStatus: 'approved' as const,
          receivedAt: p.received ? new Date(createdAt.getTime() + 2 * DAY) : null,
        };
      }),
    )
    .onConflictDoNothing({ target: pledges.idempotencyKey })
    .returning({ id: pledges.id });
  return rows.length;
}

export async function seedCampaigns(db: DbOrTx, readers: Reader[], now: number): Promise<{ campaigns: number; pledges: number }> {
  let created = 0;
  let pledged = 0;
  const featured = await upsertCampaign(db, {
    slug: FEATURED_CAMPAIGN_SLUG,
    title: 'Reader Fund 2026',
    description:
      'Broadsheet is paid for by its readers. The Reader Fund pays for a full-time courts reporter, public records requests and the legal help that keeps investigations standing. Every pledge, large or small, goes to reporting.',
    goalCents: 500_000,
    currency: 'USD',
    presetAmountsCents: [500, 1000, 2500, 5000, 10000],
    startsAt: new Date(now - 30 * DAY),
    endsAt: new Date(now + 60 * DAY),
    active: true,
    featured: true,
    paymentInstructions:
      'Thank you! Send your pledge by bank transfer to Broadsheet Media, IBAN XX00 0000 0000 0000, quoting your pledge number, or bring it to our office at 12 Quay Street (weekdays, 9 to 5). We will mark it received and email you.',
  });
  created += Number(featured.created);
  pledged += await insertPledges(db, featured.id, FEATURED_PLEDGES, readers, now);
  const closed = await upsertCampaign(db, {
    slug: CLOSED_CAMPAIGN_SLUG,
    title: 'Election Desk 2025',
    description: 'Funded our voter guides and election-night coverage for the 2025 local elections. Thank you to everyone who gave.',
    goalCents: 250_000,
    currency: 'USD',
    presetAmountsCents: [1000, 2500, 5000],
    startsAt: new Date(now - 120 * DAY),
    endsAt: new Date(now - 40 * DAY),
    active: true,
    featured: false,
    paymentInstructions: 'This campaign has ended.',
  });
  created += Number(closed.created);
  pledged += await insertPledges(db, closed.id, CLOSED_PLEDGES, readers, now);
  return { campaigns: created, pledges: pledged };
}
