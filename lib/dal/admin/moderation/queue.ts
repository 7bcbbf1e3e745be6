import 'server-only';
/**
 * The moderation queue (moderators and admins: comments:moderate): held and flagged comments with what a
 * moderator needs to decide (hold reason, reports, parent, the author's history), and its filters.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { articles, commentFlags, comments, users } from '@/db/schema';
import type { ModerationTab } from '@/lib/validation/admin';
import { isUserRef, paged } from '@/lib/dal/lists';
import { requireStaff } from '../guard';

export const QUEUE_PER_PAGE = 25;

export type QueueFilter = { tab: ModerationTab; articleId?: string; user?: string; page?: number };

const unresolvedFlag = sql`exists (select 1 from ${commentFlags} where ${commentFlags.commentId} = ${comments.id} and ${commentFlags.resolvedAt} is null)`;

/** Reported and still there to act on: held or published, not deleted by its author (nothing left to moderate). */
export const isFlagged: SQL = sql`(${comments.status} in ('pending', 'approved') and ${comments.deletedAt} is null and ${unresolvedFlag})`;

function tabCondition(tab: ModerationTab): SQL {
  switch (tab) {
    case 'flagged':
      return isFlagged;
    default:
      return eq(comments.status, tab);
  }
}

export async function getQueueCounts() {
  await requireStaff('comments:moderate');
  const db = await getDb();
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${comments.status} = 'pending')::int`,
      flagged: sql<number>`count(*) filter (where ${isFlagged})::int`,
    })
    .from(comments);
  return row;
}

export async function listModerationQueue(filter: QueueFilter) {
  await requireStaff('comments:moderate');
  const db = await getDb();
  const conds: SQL[] = [tabCondition(filter.tab)];
  if (filter.articleId) conds.push(eq(comments.articleId, filter.articleId));
  const userQ = filter.user?.trim().replace(/^@/, '');
  if (userQ) conds.push(isUserRef(comments.authorId, userQ));
  const where = and(...conds);
  const parent = alias(comments, 'parent');
  const parentAuthor = alias(users, 'parent_author');
  const { items: rows, ...pages } = await paged(
    db
      .select({
        id: comments.id,
        body: comments.body,
        bodyHtml: comments.bodyHtml,
        status: comments.status,
        holdReason: comments.holdReason,
        rejectReason: comments.rejectReason,
        pinned: comments.pinned,
        createdAt: comments.createdAt,
        editedAt: comments.editedAt,
        articleId: articles.id,
        articleTitle: articles.title,
        articleSlug: articles.slug,
        articleDek: articles.dek,
        anchor: comments.anchor,
        authorId: users.id,
        authorHandle: users.handle,
        authorName: users.name,
        authorBannedUntil: users.bannedUntil,
        authorPremoderated: users.premoderated,
        authorRole: users.role,
        parentId: parent.id,
        parentBody: parent.body,
        parentStatus: parent.status,
        parentAuthor: parentAuthor.handle,
      })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .leftJoin(users, eq(users.id, comments.authorId))
      .leftJoin(parent, eq(parent.id, comments.parentId))
      .leftJoin(parentAuthor, eq(parentAuthor.id, parent.authorId))
      .where(where)
      .orderBy(filter.tab === 'pending' || filter.tab === 'flagged' ? comments.createdAt : desc(comments.createdAt), comments.id)
      .$dynamic(),
    db.$count(comments, where),
    filter.page,
    QUEUE_PER_PAGE,
  );

  const ids = rows.map((r) => r.id);
  const authorIds = [...new Set(rows.map((r) => r.authorId).filter((x): x is string => !!x))];
  const flagger = alias(users, 'flagger');
  const [flags, history] = await Promise.all([
    ids.length
      ? db
          .select({
            commentId: commentFlags.commentId,
            reason: commentFlags.reason,
            createdAt: commentFlags.createdAt,
            by: flagger.handle,
            resolvedAt: commentFlags.resolvedAt,
          })
          .from(commentFlags)
          .leftJoin(flagger, eq(flagger.id, commentFlags.userId))
          .where(inArray(commentFlags.commentId, ids))
          .orderBy(commentFlags.createdAt)
      : [],
    authorIds.length
      ? db
          .select({
            authorId: comments.authorId,
            approved: sql<number>`count(*) filter (where ${comments.status} = 'approved')::int`,
            rejected: sql<number>`count(*) filter (where ${comments.status} in ('spam', 'trash'))::int`,
            pending: sql<number>`count(*) filter (where ${comments.status} = 'pending')::int`,
          })
          .from(comments)
          .where(inArray(comments.authorId, authorIds))
          .groupBy(comments.authorId)
      : [],
  ]);
  return {
    items: rows.map((r) => ({
      ...r,
      flags: flags.filter((f) => f.commentId === r.id),
      history: history.find((h) => h.authorId === r.authorId) ?? { approved: 0, rejected: 0, pending: 0 },
    })),
    ...pages,
  };
}

/** Articles that have comments waiting, for the queue's article filter. */
export async function listQueueArticles() {
  await requireStaff('comments:moderate');
  const db = await getDb();
  return db
    .selectDistinct({ id: articles.id, title: articles.title })
    .from(articles)
    .innerJoin(comments, eq(comments.articleId, articles.id))
    .where(sql`${comments.status} = 'pending' or ${unresolvedFlag}`)
    .orderBy(articles.title)
    .limit(200);
}

/** The articles some comments belong to (for invalidating their threads' caches). */
export async function articleIdsOfComments(ids: number[]): Promise<string[]> {
  await requireStaff('comments:moderate');
  if (!ids.length) return [];
  const db = await getDb();
  const rows = await db.selectDistinct({ articleId: comments.articleId }).from(comments).where(inArray(comments.id, ids));
  return rows.map((r) => r.articleId);
}
