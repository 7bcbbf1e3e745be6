import 'server-only';
/**
 * Comment moderation and users' commenting rights. Moderators and admins only (comments:moderate,
 * users:moderate). Every change is one transaction with its audit entries; counts shown to readers
 * (articles.comment_count, comments.reply_count) are recomputed from approved comments in that transaction.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Tx } from '@/db/client';
import { articles, commentEdits, commentFlags, comments, users, type CommentStatus } from '@/db/schema';
import { extractMentions, renderCommentMarkdown } from '@/lib/comments/markdown';
import { hashBody, publishEvent } from '@/lib/dal/comments';
import { queueNotifications, scheduleFlush } from '@/lib/dal/subscriptions';
import { recordAudit } from '@/lib/dal/audit';
import { bumpSessionVersion } from '@/lib/dal/users';
import type { Viewer } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import type { ModerationTab } from '@/lib/validation/admin';
import { has, requireStaff } from './guard';

export const QUEUE_PER_PAGE = 25;
/** A ban "for good" ends in the year 9999 (assertNotBanned words it as permanent). */
export const FOREVER = new Date('9999-12-31T23:59:59Z');

export type QueueFilter = { tab: ModerationTab; articleId?: string; user?: string; page?: number };

const unresolvedFlag = sql`exists (select 1 from ${commentFlags} where ${commentFlags.commentId} = ${comments.id} and ${commentFlags.resolvedAt} is null)`;

function tabCondition(tab: ModerationTab): SQL {
  switch (tab) {
    case 'flagged':
      return and(unresolvedFlag, inArray(comments.status, ['pending', 'approved']))!;
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
      flagged: sql<number>`count(*) filter (where ${comments.status} in ('pending', 'approved') and ${unresolvedFlag})::int`,
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
  if (userQ)
    conds.push(
      sql`${comments.authorId} in (select id from ${users} where lower(handle) = lower(${userQ}) or lower(email) = lower(${userQ}) or id = ${userQ})`,
    );
  const where = and(...conds);
  const page = Math.max(1, filter.page ?? 1);
  const parent = alias(comments, 'parent');
  const parentAuthor = alias(users, 'parent_author');
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(comments)
    .where(where);
  const rows = await db
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
    .limit(QUEUE_PER_PAGE)
    .offset((page - 1) * QUEUE_PER_PAGE);

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
    total,
    page,
    pages: Math.max(1, Math.ceil(total / QUEUE_PER_PAGE)),
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

/** Recounts what readers see: approved comments per article, approved direct replies per parent. */
async function recount(tx: Tx, articleIds: string[], parentIds: number[]) {
  for (const articleId of articleIds) {
    await tx
      .update(articles)
      .set({
        commentCount: sql`(select count(*)::int from ${comments} where ${comments.articleId} = ${articleId} and ${comments.status} = 'approved' and ${comments.deletedAt} is null)`,
      })
      .where(eq(articles.id, articleId));
  }
  for (const parentId of parentIds) {
    await tx
      .update(comments)
      .set({
        replyCount: sql`(select count(*)::int from ${comments} c2 where c2.parent_id = ${parentId} and c2.status = 'approved')`,
      })
      .where(eq(comments.id, parentId));
  }
}

export type ModerationResult = { articleIds: string[]; changed: number };

const STATUS_FOR: Record<'approve' | 'spam' | 'trash', CommentStatus> = { approve: 'approved', spam: 'spam', trash: 'trash' };

/** Approve, mark as spam or trash several comments at once; resolves their flags. */
export async function moderateComments(ids: number[], action: 'approve' | 'spam' | 'trash', reason?: string): Promise<ModerationResult> {
  const viewer = await requireStaff('comments:moderate');
  const db = await getDb();
  const status = STATUS_FOR[action];
  return db
    .transaction(async (tx) => {
      const before = await tx
        .select({
          id: comments.id,
          status: comments.status,
          articleId: comments.articleId,
          parentId: comments.parentId,
          rejectReason: comments.rejectReason,
          authorId: comments.authorId,
        })
        .from(comments)
        .where(inArray(comments.id, ids))
        .for('update');
      if (before.length === 0) throw new NotFoundError('Those comments no longer exist.');
      const rejectReason = action === 'approve' ? null : (reason ?? null);
      await tx
        .update(comments)
        .set({ status, rejectReason })
        .where(
          inArray(
            comments.id,
            before.map((b) => b.id),
          ),
        );
      await tx
        .update(commentFlags)
        .set({ resolvedAt: new Date() })
        .where(
          and(
            inArray(
              commentFlags.commentId,
              before.map((b) => b.id),
            ),
            isNull(commentFlags.resolvedAt),
          ),
        );
      for (const b of before) {
        await recordAudit(
          {
            actorId: viewer.id,
            action: reason ? 'comment.reject' : `comment.${action}`,
            entityType: 'comment',
            entityId: b.id,
            before: { status: b.status, rejectReason: b.rejectReason, articleId: b.articleId, authorId: b.authorId },
            after: { status, rejectReason },
          },
          tx,
        );
      }
      const articleIds = [...new Set(before.map((b) => b.articleId))];
      await recount(tx, articleIds, [...new Set(before.map((b) => b.parentId).filter((p): p is number => p != null))]);
      // A held comment that is approved now reaches readers like a fresh one: subscribers, the replied-to
      // author and mentioned users are notified, and open pages get the live "new comments" bar.
      const published = status === 'approved' ? before.filter((b) => b.status === 'pending') : [];
      for (const b of published) {
        const parent = alias(comments, 'parent');
        const [row] = await tx
          .select({ body: comments.body, parentAuthorId: parent.authorId })
          .from(comments)
          .leftJoin(parent, eq(parent.id, comments.parentId))
          .where(eq(comments.id, b.id));
        if (!row || !b.authorId) continue;
        await queueNotifications(tx, {
          commentId: b.id,
          articleId: b.articleId,
          authorId: b.authorId,
          parentAuthorId: row.parentAuthorId ?? null,
          mentions: extractMentions(row.body),
        });
      }
      return { articleIds, changed: before.length, published };
    })
    .then(async ({ published, ...result }) => {
      for (const b of published) {
        if (b.authorId)
          await publishEvent({ type: 'comment', articleId: b.articleId, id: b.id, parentId: b.parentId, authorId: b.authorId });
      }
      if (published.length) scheduleFlush();
      return result;
    });
}

/** Rejects one comment with a reason its author can see (status trash, reject_reason set). */
export async function rejectComment(id: number, reason: string): Promise<ModerationResult> {
  return moderateComments([id], 'trash', reason);
}

export async function setCommentPinned(id: number, pinned: boolean): Promise<ModerationResult> {
  const viewer = await requireStaff('comments:moderate');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ pinned: comments.pinned, articleId: comments.articleId, status: comments.status })
      .from(comments)
      .where(eq(comments.id, id))
      .for('update');
    if (!before) throw new NotFoundError('That comment no longer exists.');
    if (pinned && before.status !== 'approved') throw new UserError('Approve the comment before pinning it.');
    await tx.update(comments).set({ pinned }).where(eq(comments.id, id));
    await recordAudit(
      {
        actorId: viewer.id,
        action: pinned ? 'comment.pin' : 'comment.unpin',
        entityType: 'comment',
        entityId: id,
        before: { pinned: before.pinned },
        after: { pinned },
      },
      tx,
    );
    return { articleIds: [before.articleId], changed: 1 };
  });
}

/** Moderators act on readers' commenting rights; only admins on staff; nobody on themselves. */
async function loadTarget(tx: Tx, viewer: Viewer, userId: string) {
  const [u] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!u || u.deletedAt) throw new NotFoundError('That user does not exist.');
  if (u.id === viewer.id) throw new ForbiddenError('You cannot do that to your own account.');
  if (u.role !== 'reader' && !has(viewer, 'users:manage')) throw new ForbiddenError('Only an admin can restrict a staff account.');
  return u;
}

function banView(u: { bannedUntil: Date | null; banReason: string | null }) {
  return { bannedUntil: u.bannedUntil?.toISOString() ?? null, banReason: u.banReason };
}

/**
 * Bans a user for `duration` days, until a date, or for good; their sessions end at once (session
 * version bumped) and their next comment, vote or pledge is refused with the reason and the end.
 */
export async function banUser(userId: string, duration: number | 'forever' | Date, reason: string) {
  const viewer = await requireStaff('users:moderate');
  const why = reason.trim();
  if (!why) throw new UserError('Give a reason: the user will see it.', 400, { reason: ['Give a reason: the user will see it.'] });
  const bannedUntil = duration === 'forever' ? FOREVER : duration instanceof Date ? duration : new Date(Date.now() + duration * 86_400_000);
  if (Number.isNaN(bannedUntil.getTime()) || bannedUntil.getTime() <= Date.now()) {
    throw new UserError('The ban must end in the future.', 400, { until: ['The ban must end in the future.'] });
  }
  reason = why;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const u = await loadTarget(tx, viewer, userId);
    await tx.update(users).set({ bannedUntil, banReason: reason, updatedAt: new Date() }).where(eq(users.id, userId));
    await bumpSessionVersion(userId, tx);
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'user.ban',
        entityType: 'user',
        entityId: userId,
        before: banView(u),
        after: {
          ...banView({ bannedUntil, banReason: reason }),
          days: typeof duration === 'number' ? duration : duration === 'forever' ? 'forever' : null,
        },
      },
      tx,
    );
    return { userId, bannedUntil };
  });
}

export async function unbanUser(userId: string) {
  const viewer = await requireStaff('users:moderate');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const u = await loadTarget(tx, viewer, userId);
    await tx.update(users).set({ bannedUntil: null, banReason: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'user.unban',
        entityType: 'user',
        entityId: userId,
        before: banView(u),
        after: banView({ bannedUntil: null, banReason: null }),
      },
      tx,
    );
    return { userId };
  });
}

/** Holds every future comment of the user for moderation (or stops doing so). */
export async function setPremoderated(userId: string, premoderated: boolean) {
  const viewer = await requireStaff('users:moderate');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const u = await loadTarget(tx, viewer, userId);
    await tx.update(users).set({ premoderated, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(
      {
        actorId: viewer.id,
        action: premoderated ? 'user.premoderate' : 'user.unpremoderate',
        entityType: 'user',
        entityId: userId,
        before: { premoderated: u.premoderated },
        after: { premoderated },
      },
      tx,
    );
    return { userId };
  });
}

/**
 * Edits a comment's text as a moderator (e.g. to remove a slur or a phone number): the earlier text is
 * kept in comment_edits and the change is audited.
 */
export async function editComment(id: number, body: string): Promise<ModerationResult> {
  const viewer = await requireStaff('comments:moderate');
  const text = body.trim();
  if (!text) throw new UserError('A comment cannot be empty.', 400, { body: ['A comment cannot be empty.'] });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ body: comments.body, articleId: comments.articleId })
      .from(comments)
      .where(eq(comments.id, id))
      .for('update');
    if (!before) throw new NotFoundError('That comment no longer exists.');
    if (before.body === text) throw new UserError('Nothing changed.');
    await tx.insert(commentEdits).values({ commentId: id, body: before.body, editorId: viewer.id });
    await tx
      .update(comments)
      .set({
        body: text,
        bodyHtml: renderCommentMarkdown(text),
        contentHash: hashBody(text),
        editedAt: new Date(),
      })
      .where(eq(comments.id, id));
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'comment.edit',
        entityType: 'comment',
        entityId: id,
        before: { body: before.body },
        after: { body: text },
      },
      tx,
    );
    return { articleIds: [before.articleId], changed: 1 };
  });
}

/** The articles some comments belong to (for invalidating their threads' caches). */
export async function articleIdsOfComments(ids: number[]): Promise<string[]> {
  await requireStaff('comments:moderate');
  if (!ids.length) return [];
  const db = await getDb();
  const rows = await db.selectDistinct({ articleId: comments.articleId }).from(comments).where(inArray(comments.id, ids));
  return rows.map((r) => r.articleId);
}
