import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

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
