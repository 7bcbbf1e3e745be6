import { bigint, boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/** Site settings as key -> JSON value; defaults live in lib/settings.ts. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt), index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

/**
 * Every mail the app sends: in full for the development outbox (no SMTP_URL), delivery metadata only when
 * sent over SMTP. `sensitive` marks mail carrying a secret link (reset, verification, sign-in, cancel).
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    transport: text('transport').notNull(),
    sensitive: boolean('sensitive').notNull().default(false),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_outbox_created_idx').on(t.createdAt)],
);

/** Store of rate-limiter-flexible's RateLimiterDrizzle: shared by every app instance. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: bigint('points', { mode: 'number' }).notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
});

/**
 * Form results too large for the flash cookie (an over-long comment the reader must not lose), kept for the
 * page render that follows a post without JavaScript. The cookie then holds only the row's random id.
 */
export const formFlashes = pgTable(
  'form_flashes',
  {
    id: text('id').primaryKey(),
    payload: text('payload').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('form_flashes_expires_idx').on(t.expiresAt)],
);

/**
 * Backups taken by this site (lib/backup): scheduled ones, `npm run backup` and the dashboard's button. The
 * dashboard shows the last one; the scheduler reads when the last one succeeded (shared by every instance).
 */
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** schedule, cli, admin. */
    trigger: text('trigger').notNull(),
    /** running, done, failed. */
    status: text('status').notNull().default('running'),
    /** File name of the archive (in BACKUP_DIR for scheduled ones), or null when it was streamed to the CLI. */
    file: text('file'),
    bytes: bigint('bytes', { mode: 'number' }),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('backup_runs_started_idx').on(t.startedAt)],
);
