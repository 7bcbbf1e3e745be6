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
import type { DbOrTx } from '@/db/client';
import {
  articleAuthors,
  articleRevisions,
  articles,
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

  for await (const u of pages((a: typeof users.$inferSelect | null) =>
    db
      .select()
      .from(users)
      .where(a ? gt(users.id, a.id) : undefined)
      .orderBy(asc(users.id))
      .limit(PAGE),
  )) {
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

  for await (const t of pages((a: typeof tags.$inferSelect | null) =>
    db
      .select()
      .from(tags)
      .where(a ? gt(tags.id, a.id) : undefined)
      .orderBy(asc(tags.id))
      .limit(PAGE),
  ))
    yield { type: 'tag', ...t };

  for await (const m of pages((a: typeof media.$inferSelect | null) =>
    db
      .select()
      .from(media)
      .where(a ? gt(media.id, a.id) : undefined)
      .orderBy(asc(media.id))
      .limit(PAGE),
  ))
    yield { type: 'media', ...m };

  let after: string | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(articles)
      .where(after ? gt(articles.id, after) : undefined)
      .orderBy(asc(articles.id))
      .limit(PAGE);
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const bylines = await db
      .select()
      .from(articleAuthors)
      .where(inArray(articleAuthors.articleId, ids))
      .orderBy(asc(articleAuthors.position));
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
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }

  for await (const r of pages((a: typeof articleRevisions.$inferSelect | null) =>
    db
      .select()
      .from(articleRevisions)
      .where(a ? gt(articleRevisions.id, a.id) : undefined)
      .orderBy(asc(articleRevisions.id))
      .limit(PAGE),
  ))
    yield { type: 'revision', ...r };

  for await (const f of pages((a: typeof feedbackPoints.$inferSelect | null) =>
    db
      .select()
      .from(feedbackPoints)
      .where(a ? gt(feedbackPoints.id, a.id) : undefined)
      .orderBy(asc(feedbackPoints.id))
      .limit(PAGE),
  ))
    yield { type: 'feedbackPoint', ...f };

  for await (const c of pages((a: typeof comments.$inferSelect | null) =>
    db
      .select()
      .from(comments)
      .where(a ? gt(comments.id, a.id) : undefined)
      .orderBy(asc(comments.id))
      .limit(PAGE),
  )) {
    // The HTML and the thread fields are derived: the importer renders and links them again.
    yield { type: 'comment', ...without(c, 'bodyHtml', 'contentHash', 'rootId', 'depth') };
  }

  for await (const e of pages((a: typeof commentEdits.$inferSelect | null) =>
    db
      .select()
      .from(commentEdits)
      .where(a ? gt(commentEdits.id, a.id) : undefined)
      .orderBy(asc(commentEdits.id))
      .limit(PAGE),
  ))
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

  for await (const p of pages((a: typeof pledges.$inferSelect | null) =>
    db
      .select()
      .from(pledges)
      .where(a ? gt(pledges.id, a.id) : undefined)
      .orderBy(asc(pledges.id))
      .limit(PAGE),
  )) {
    const rest = without(p, 'email', 'cancelTokenHash', 'confirmTokenHash', 'idempotencyKey');
    yield { type: 'pledge', ...rest, ...(opts.includeEmails ? { email: p.email } : {}) };
  }

  for await (const r of pages((a: typeof legacyRedirects.$inferSelect | null) =>
    db
      .select()
      .from(legacyRedirects)
      .where(a ? gt(legacyRedirects.path, a.path) : undefined)
      .orderBy(asc(legacyRedirects.path))
      .limit(PAGE),
  ))
    yield { type: 'redirect', path: r.path, target: r.target, source: r.source };
}
