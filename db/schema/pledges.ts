import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { users } from './users';

export const pledgeStatusEnum = pgEnum('pledge_status', ['pledged', 'received', 'cancelled']);
export const pledgeFrequencyEnum = pgEnum('pledge_frequency', ['one_time', 'monthly']);
export type PledgeStatus = (typeof pledgeStatusEnum.enumValues)[number];
/** Amounts above the campaign's review ceiling are 'held' until staff approve or reject them. */
export const pledgeReviewEnum = pgEnum('pledge_review', ['none', 'held', 'approved', 'rejected']);
export type PledgeReview = (typeof pledgeReviewEnum.enumValues)[number];
/** Donor-wall messages are published only once 'approved' (at once when the campaign says so). */
export const pledgeMessageStatusEnum = pgEnum('pledge_message_status', ['pending', 'approved', 'rejected']);
export type PledgeMessageStatus = (typeof pledgeMessageStatusEnum.enumValues)[number];

/** Default review ceiling: pledges above 1,000 (in the campaign's currency) wait for staff. */
export const DEFAULT_REVIEW_ABOVE_CENTS = 1_000_00;

export const campaigns = pgTable(
  'campaigns',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** Money is integer cents with an ISO 4217 currency code. */
    goalCents: integer('goal_cents').notNull(),
    currency: text('currency').notNull().default('USD'),
    presetAmountsCents: integer('preset_amounts_cents')
      .array()
      .notNull()
      .default(sql`'{500,1000,2500,5000,10000}'::integer[]`),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    featured: boolean('featured').notNull().default(false),
    /** Refuse new pledges once pledged + received reaches the goal. */
    stopAtGoal: boolean('stop_at_goal').notNull().default(false),
    paymentInstructions: text('payment_instructions').notNull().default(''),
    /** A pledge above this amount is held for staff review and does not count until approved. */
    reviewAboveCents: integer('review_above_cents').notNull().default(DEFAULT_REVIEW_ABOVE_CENTS),
    /** Donor-wall messages publish at once (otherwise they wait for staff approval). */
    publishMessagesAtOnce: boolean('publish_messages_at_once').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('campaigns_one_featured_key')
      .on(t.featured)
      .where(sql`${t.featured}`),
    check('campaigns_goal_positive', sql`${t.goalCents} > 0`),
    check('campaigns_review_above_positive', sql`${t.reviewAboveCents} > 0`),
  ],
);

export const pledges = pgTable(
  'pledges',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull().default(''),
    anonymous: boolean('anonymous').notNull().default(false),
    hideAmount: boolean('hide_amount').notNull().default(false),
    message: text('message').notNull().default(''),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    frequency: pledgeFrequencyEnum('frequency').notNull().default('one_time'),
    status: pledgeStatusEnum('status').notNull().default('pledged'),
    /** Client-generated key carried by the form: retries of one submission find the same row. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** SHA-256 of the secret in the confirmation mail's cancel link. */
    cancelTokenHash: text('cancel_token_hash'),
    /**
     * When the pledger proved the address (the double opt-in link, or signed in with that verified address).
     * Until then a pledge that staff have not marked received does not count toward the public bar.
     */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** SHA-256 of the random single-use secret in the confirmation link (only ever in the mail). */
    confirmTokenHash: text('confirm_token_hash'),
    review: pledgeReviewEnum('review').notNull().default('none'),
    messageStatus: pledgeMessageStatusEnum('message_status').notNull().default('pending'),
    staffNote: text('staff_note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('pledges_campaign_idx').on(t.campaignId, t.status, t.createdAt),
    index('pledges_user_idx').on(t.userId),
    check('pledges_amount_positive', sql`${t.amountCents} > 0`),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type Pledge = typeof pledges.$inferSelect;
