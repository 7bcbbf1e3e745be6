/**
 * The records of the Broadsheet export format (docs/export-format.md), read from the database in pages
 * (keyset: never a whole table in memory) and yielded one at a time, in an order an importer can follow:
 * settings, users, categories (parents first), tags, media, articles, revisions, feedback points, comments
 * (by id: a reply normally after its parent), comment edits, votes, flags, campaigns, pledges, redirects.
 *
 * Never exported: password hashes, sessions, sign-in links and tokens (auth, pledge confirm/cancel,
 * unsubscribe), OAuth accounts, rate limits, the mail outbox, the audit log. Email addresses of readers and
 * donors only when `includeEmails` (the admin's full export).
 */
import { asc, gt, inArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { articlePages } from './article-pages';
import {
  articleRevisions,
  articleSlugRedirects,
  articleTags,
  campaigns,
  categories,
  commentEdits,
  commentFlags,
  comments,
  commentVotes,
  feedbackPoints,
  legacyRedirects,
  media,
  pledges,
  settings,
  tags,
  users,
} from '@/db/schema';

export const EXPORT_FORMAT = 'broadsheet-export';
export const EXPORT_VERSION = 1;
const PAGE = 500;

export type ExportRecord = { type: string } & Record<string, unknown>;

function without<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...o };
  for (const k of keys) delete copy[k];
  return copy;
}

/** A table's rows in the order of a single-column key, page by page. */
function byKey<R extends Record<string, unknown>>(db: DbOrTx, table: PgTable, key: PgColumn, field: keyof R): AsyncGenerator<R> {
  return pages<R>(
    (a) =>
      db
        .select()
        .from(table)
        .where(a ? gt(key, a[field]) : undefined)
        .orderBy(asc(key))
        .limit(PAGE) as unknown as Promise<R[]>,
  );
}

/** Pages of a table in key order: `page(after)` reads the rows after the last key seen. */
async function* pages<T>(page: (after: T | null) => Promise<T[]>): AsyncGenerator<T> {
  let after: T | null = null;
  for (;;) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
  }
}

export async function* exportRecords(db: DbOrTx, opts: { includeEmails: boolean }): AsyncGenerator<ExportRecord> {
  for (const s of await db.select().from(settings).orderBy(asc(settings.key))) yield { type: 'setting', key: s.key, value: s.value };

  for await (const u of byKey<typeof users.$inferSelect>(db, users, users.id, 'id')) {
    yield {
      type: 'user',
      id: u.id,
      handle: u.handle,
      name: u.name,
      ...(opts.includeEmails ? { email: u.email, emailVerified: u.emailVerified } : {}),
      role: u.role,
      bio: u.bio,
      image: u.image,
      premoderated: u.premoderated,
      bannedUntil: u.bannedUntil,
      banReason: u.banReason,
      notificationPrefs: u.notificationPrefs,
      createdAt: u.createdAt,
      deletedAt: u.deletedAt,
    };
  }

  // A section tree is small: read whole, parents first.
  const cats = await db.select().from(categories).orderBy(asc(categories.position), asc(categories.slug));
  const done = new Set<string>();
  while (done.size < cats.length) {
    const ready = cats.filter((c) => !done.has(c.id) && (!c.parentId || done.has(c.parentId) || !cats.some((p) => p.id === c.parentId)));
    // A loop of parents: the rest goes out as it is (the importer drops the missing parent).
    for (const c of ready.length ? ready : cats.filter((x) => !done.has(x.id))) {
      done.add(c.id);
      yield { type: 'category', ...c };
    }
  }

  for await (const t of byKey<typeof tags.$inferSelect>(db, tags, tags.id, 'id')) yield { type: 'tag', ...t };

  for await (const m of byKey<typeof media.$inferSelect>(db, media, media.id, 'id')) yield { type: 'media', ...m };

  for await (const { articles: rows, bylines } of articlePages(db, PAGE)) {
    const ids = rows.map((r) => r.id);
    const tagRows = await db.select().from(articleTags).where(inArray(articleTags.articleId, ids)).orderBy(asc(articleTags.tagId));
    const oldSlugs = await db
      .select()
      .from(articleSlugRedirects)
      .where(inArray(articleSlugRedirects.articleId, ids))
      .orderBy(asc(articleSlugRedirects.oldSlug));
    for (const r of rows) {
      yield {
        type: 'article',
        ...without(r, 'search'),
        authorIds: bylines.filter((b) => b.articleId === r.id).map((b) => b.userId),
        tagIds: tagRows.filter((t) => t.articleId === r.id).map((t) => t.tagId),
        oldSlugs: oldSlugs.filter((s) => s.articleId === r.id).map((s) => s.oldSlug),
      };
    }
  }

  for await (const r of byKey<typeof articleRevisions.$inferSelect>(db, articleRevisions, articleRevisions.id, 'id'))
    yield { type: 'revision', ...r };

  for await (const f of byKey<typeof feedbackPoints.$inferSelect>(db, feedbackPoints, feedbackPoints.id, 'id'))
    yield { type: 'feedbackPoint', ...f };

  for await (const c of byKey<typeof comments.$inferSelect>(db, comments, comments.id, 'id')) {
    // The HTML and the thread fields are derived: the importer renders and links them again.
    yield { type: 'comment', ...without(c, 'bodyHtml', 'contentHash', 'rootId', 'depth') };
  }

  for await (const e of byKey<typeof commentEdits.$inferSelect>(db, commentEdits, commentEdits.id, 'id'))
    yield { type: 'commentEdit', ...e };

  for await (const v of pages((a: typeof commentVotes.$inferSelect | null) =>
    db
      .select()
      .from(commentVotes)
      .where(a ? sql`(${commentVotes.commentId}, ${commentVotes.userId}) > (${a.commentId}, ${a.userId})` : undefined)
      .orderBy(asc(commentVotes.commentId), asc(commentVotes.userId))
      .limit(PAGE),
  ))
    yield { type: 'vote', ...v };

  for await (const f of pages((a: typeof commentFlags.$inferSelect | null) =>
    db
      .select()
      .from(commentFlags)
      .where(a ? sql`(${commentFlags.commentId}, ${commentFlags.userId}) > (${a.commentId}, ${a.userId})` : undefined)
      .orderBy(asc(commentFlags.commentId), asc(commentFlags.userId))
      .limit(PAGE),
  ))
    yield { type: 'flag', ...f };

  for (const c of await db.select().from(campaigns).orderBy(asc(campaigns.createdAt), asc(campaigns.id))) yield { type: 'campaign', ...c };

  for await (const p of byKey<typeof pledges.$inferSelect>(db, pledges, pledges.id, 'id')) {
    const rest = without(p, 'email', 'cancelTokenHash', 'confirmTokenHash', 'idempotencyKey');
    yield { type: 'pledge', ...rest, ...(opts.includeEmails ? { email: p.email } : {}) };
  }

  for await (const r of byKey<typeof legacyRedirects.$inferSelect>(db, legacyRedirects, legacyRedirects.path, 'path'))
    yield { type: 'redirect', path: r.path, target: r.target, source: r.source };
}
