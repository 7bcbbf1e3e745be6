import { boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * What an import made of each item of another system's export (lib/import): WordPress posts, authors,
 * terms, attachments and comments, Disqus and Ghost items, GiveWP forms and donations. Re-running an import
 * finds its earlier work here, so it creates nothing twice and updates only what changed at the source
 * (`checksum` is a hash of the source item).
 */
export const importMap = pgTable(
  'import_map',
  {
    /** The exporting system: wordpress, disqus, ghost, givewp. */
    source: text('source').notNull(),
    /** post, author, category, tag, attachment, comment, campaign, donation. */
    kind: text('kind').notNull(),
    externalId: text('external_id').notNull(),
    localId: text('local_id').notNull(),
    checksum: text('checksum').notNull().default(''),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.kind, t.externalId] }), index('import_map_local_idx').on(t.kind, t.localId)],
);

/**
 * Addresses of the old site that answer a 301 to their Broadsheet page (proxy.ts): `/2026/11/some-slug`,
 * `/?p=123`, `/category/x`, `/author/z`, ... Paths are stored without a trailing slash; a query is kept
 * only for WordPress's `?p=` and `?page_id=` forms.
 */
export const legacyRedirects = pgTable('legacy_redirects', {
  path: text('path').primaryKey(),
  target: text('target').notNull(),
  source: text('source').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An import started from /admin/import: the uploaded file, how far it got, and its report. */
export const importJobs = pgTable('import_jobs', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  source: text('source').notNull(),
  fileName: text('file_name').notNull(),
  /** Where the upload was saved (under DATA_DIR/imports). */
  filePath: text('file_path').notNull(),
  dryRun: boolean('dry_run').notNull(),
  /** queued, running, done, failed. */
  status: text('status').notNull().default('queued'),
  total: integer('total'),
  processed: integer('processed').notNull().default(0),
  report: text('report'),
  error: text('error'),
  createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
