import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { users } from './users';

/** 'refunded': money taken online was paid back in full (one-time gifts; a monthly gift's refunds are per payment). */
export const pledgeStatusEnum = pgEnum('pledge_status', ['pledged', 'received', 'cancelled', 'refunded']);
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
    /**
     * Set when the pledge is paid online (lib/payments): the provider ('stripe'), its checkout reference
     * (a Checkout Session id), and for a monthly gift the subscription and customer. Null: today's pledge,
     * paid by the donor's own means and marked received by staff.
     */
    provider: text('provider'),
    providerRef: text('provider_ref'),
    providerCustomerId: text('provider_customer_id'),
    providerSubscriptionId: text('provider_subscription_id'),
  },
  (t) => [
    index('pledges_campaign_idx').on(t.campaignId, t.status, t.createdAt),
    uniqueIndex('pledges_provider_subscription_key').on(t.providerSubscriptionId),
    index('pledges_user_idx').on(t.userId),
    check('pledges_amount_positive', sql`${t.amountCents} > 0`),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type Pledge = typeof pledges.$inferSelect;

/**
 * Money received online for a pledge: one row per provider payment (a one-time Checkout payment, keyed by its
 * PaymentIntent; each monthly invoice, keyed by the invoice id), so an event delivered twice or a session
 * completion and its first invoice record one row. Amount and currency are Stripe's, checked against the
 * pledge. The bar counts amount minus refunded (campaigns.ts `loadTotals`).
 */
export const payments = pgTable(
  'payments',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    pledgeId: text('pledge_id')
      .notNull()
      .references(() => pledges.id, { onDelete: 'restrict' }),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'restrict' }),
    provider: text('provider').notNull(),
    /** The provider's id of what was paid: a PaymentIntent (one-time) or an invoice (monthly). */
    ref: text('ref').notNull(),
    /** The PaymentIntent that took the money, when known: refunds name it. */
    paymentIntentId: text('payment_intent_id'),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    refundedCents: integer('refunded_cents').notNull().default(0),
    /** For a monthly gift: the start of the month this payment is for. */
    periodStart: timestamp('period_start', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payments_provider_ref_key').on(t.provider, t.ref),
    index('payments_campaign_idx').on(t.campaignId),
    index('payments_pledge_idx').on(t.pledgeId),
    index('payments_intent_idx').on(t.paymentIntentId),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
    check('payments_refund_range', sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.amountCents}`),
  ],
);

/**
 * Provider events already handled (the webhook's idempotency): the event id is inserted in the transaction
 * that applies the event, so a redelivery finds it and changes nothing. `outcome` says what it did
 * ('applied', 'ignored', 'refused: ...').
 */
export const paymentEvents = pgTable('payment_events', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  type: text('type').notNull(),
  outcome: text('outcome').notNull(),
  pledgeId: text('pledge_id'),
  processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Payment = typeof payments.$inferSelect;
