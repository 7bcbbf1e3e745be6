import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Consecutive failed password sign-ins per (account, client), shared by every app instance. The account is
 * the SHA-256 of the lower-cased address typed (so invented addresses are not stored in clear); the client is
 * `ip:<address>`, `ip:unknown` or `dev:<id>` for a browser that signed in to this account before. Each failure
 * pushes next_attempt_at further (growing waits, capped); a success deletes the row.
 */
export const signinThrottle = pgTable(
  'signin_throttle',
  {
    account: text('account').notNull(),
    client: text('client').notNull(),
    failures: integer('failures').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** The count is forgotten after this (a day after the last attempt). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.account, t.client] }), index('signin_throttle_expires_idx').on(t.expiresAt)],
);

/** Sessions (JWT `sid`) ended by a sign-out: a copy of that cookie stands for nobody until it would have expired. */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    sid: text('sid').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('revoked_sessions_expires_idx').on(t.expiresAt)],
);
