import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { users } from './users';

export const pledgeStatusEnum = pgEnum('pledge_status', ['pledged', 'received', 'cancelled']);
export const pledgeFrequencyEnum = pgEnum('pledge_frequency', ['one_time', 'monthly']);
export type PledgeStatus = (typeof pledgeStatusEnum.enumValues)[number];

export const campaigns = pgTable(
  'campaigns',
  {
    id: text('id').primaryKey().$defaultFn(() => crypto.randomUUID()),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** Money is integer cents with an ISO 4217 currency code. */
    goalCents: integer('goal_cents').notNull(),
    currency: text('currency').notNull().default('USD'),
    presetAmountsCents: integer('preset_amounts_cents').array().notNull().default(sql`'{500,1000,2500,5000,10000}'::integer[]`),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    featured: boolean('featured').notNull().default(false),
    /** Refuse new pledges once pledged + received reaches the goal. */
    stopAtGoal: boolean('stop_at_goal').notNull().default(false),
    paymentInstructions: text('payment_instructions').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('campaigns_one_featured_key').on(t.featured).where(sql`${t.featured}`),
    check('campaigns_goal_positive', sql`${t.goalCents} > 0`),
  ],
);

export const pledges = pgTable(
  'pledges',
  {
    id: text('id').primaryKey().$defaultFn(() => crypto.randomUUID()),
    campaignId: text('campaign_id').notNull().references(() => campaigns.id, { onDelete: 'restrict' }),
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
