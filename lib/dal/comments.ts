import 'server-only';
/**
 * Comments: thread reads (keyset-paged at every level, flat cost however large the thread), and the writes
 * (post, reply, edit, soft delete, vote, flag) with their authorization and safety rules.
 *
 * Reads of the public thread are cached per article (tag comments:<articleId>); what depends on the viewer
 * (their votes, their held comments) is read separately and uncached.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDatabase, getDb, queryRows, type DbOrTx } from '@/db/client';
import { articles, commentEdits, commentFlags, comments, commentVotes, feedbackPoints, users, type TextAnchor } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import { extractMentions, renderCommentMarkdown } from '@/lib/comments/markdown';
import { holdReasons, holdReasonText } from '@/lib/comments/moderation';
import { duplicateKey } from '@/lib/comments/normalize';
import { loadSettings } from '@/lib/settings';
import { assertNotBanned, assertVerified, type Viewer } from '@/lib/dal/session';
import type { CommentSort } from '@/lib/validation/comment';
import { queueNotifications, scheduleFlush } from '@/lib/dal/subscriptions';
import { getSupporterIds } from '@/lib/dal/pledges';
import { articleText } from '@/lib/anchoring/html';
import { locateAnchor, reanchor } from '@/lib/anchoring/text-quote';

export const TOP_PAGE_SIZE = 15;
/** Replies shown under a parent in the article view, by depth of the parent (0 = top-level). */
const FIRST_REPLIES = [3, 2, 2, 1, 1, 1, 1, 1];
export const REPLY_PAGE_SIZE = 20;
export const LIVE_CHANNEL = 'comment_events';
export const DUPLICATE_WINDOW_MS = 5 * 60_000;

export type CommentNode = {
  id: number;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  authorId: string | null;
  authorName: string;
  authorHandle: string | null;
  /** The author's uploaded picture (null: their initials are shown). */
  authorImage?: string | null;
  /** Null when the comment was deleted (shown as "comment deleted", replies kept). */
  bodyHtml: string | null;
  /** Markdown source (for the author's edit form). */
  body: string | null;
  score: number;
  upvotes: number;
  downvotes: number;
  replyCount: number;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  pinned: boolean;
  anchor: TextAnchor | null;
  feedbackPointId: string | null;
  status: string;
  holdReason: string | null;
  replies: CommentNode[];
  /** Cursor for the next replies after those shown (null: all shown). */
  moreReplies: string | null;
  /** The author has the supporter badge (see getSupporterIds); set by the cached reads, so it is in the cached markup. */
  supporter?: boolean;
};

export type ThreadPage = { threads: CommentNode[]; next: string | null };

// ------------------------------------------------------------------------------------------------
// Cursors: an opaque base64url of [sort key, id]; the sort key is the timestamp's exact text or the score.

export function encodeCursor(key: string | number, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/** What a cursor's sort key is: a timestamp (newest, oldest, inline, replies) or a score (top). */
export type CursorKind = 'time' | 'score';

export const cursorKind = (sort: CommentSort | 'replies'): CursorKind => (sort === 'top' ? 'score' : 'time');

const INT4 = 2 ** 31;
// Postgres' text form of a timestamptz ("2026-11-29 05:57:48.123456+00") or ISO 8601 with a zone.
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** A timestamp key Postgres will accept as timestamptz: real calendar date and time, with a zone. */
function validTimestamp(key: string): boolean {
  const m = TS_RE.exec(key);
  if (!m) return false;
  const [, y, mo, d, h, mi, sec] = m.map(Number);
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The cursor's sort key and id, or null when it is not one this app made for that kind of sort (garbage,
 * a tampered date or score the database would refuse, a score cursor on a time-sorted page). Every
 * caller turns null into a 404, never into a query.
 */
export function decodeCursor(cursor: string | undefined | null, kind?: CursorKind): { key: string | number; id: number } | null {
  if (!cursor || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || !Number.isSafeInteger(v[1]) || (v[1] as number) < 1) return null;
    const [key, id] = v as [unknown, number];
    if (typeof key === 'number' && Number.isSafeInteger(key) && key >= -INT4 && key < INT4 && kind !== 'time') return { key, id };
    if (typeof key === 'string' && validTimestamp(key) && kind !== 'score') return { key, id };
    return null;
  } catch {
    return null;
  }
}

/** Thrown for a cursor decodeCursor refuses: the page of comments it names does not exist. */
function badCursor(): never {
  throw new NotFoundError('That page of comments does not exist.');
}

type Row = {
  id: string;
  parent_id: string | null;
  root_id: string | null;
  depth: number;
  author_id: string | null;
  author_name: string | null;
  author_handle: string | null;
  author_image: string | null;
  body: string;
  body_html: string;
  score: number;
  upvotes: number;
  downvotes: number;
  reply_count: number;
  created_at: Date | string;
  ts: string;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
  pinned: boolean;
  anchor: TextAnchor | null;
  feedback_point_id: string | null;
  status: string;
  hold_reason: string | null;
};

const COLS = sql.raw(`c.id::text as id, c.parent_id::text as parent_id, c.root_id::text as root_id, c.depth, c.author_id,
  coalesce(u.name, u.handle) as author_name, u.handle as author_handle, u.image as author_image, c.body, c.body_html, c.score, c.upvotes, c.downvotes,
  c.reply_count, c.created_at, c.created_at::text as ts, c.edited_at, c.deleted_at, c.pinned, c.anchor,
  c.feedback_point_id, c.status::text as status, c.hold_reason`);

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toNode(r: Row): CommentNode {
  const deleted = r.deleted_at !== null;
  return {
    id: Number(r.id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    rootId: r.root_id === null ? null : Number(r.root_id),
    depth: r.depth,
    authorId: deleted ? null : r.author_id,
    authorName: deleted ? '' : (r.author_name ?? 'Former reader'),
    authorHandle: deleted ? null : r.author_handle,
    authorImage: deleted ? null : r.author_image,
    bodyHtml: deleted ? null : r.body_html,
    body: deleted ? null : r.body,
    score: r.score,
    upvotes: r.upvotes,
    downvotes: r.downvotes,
    replyCount: r.reply_count,
    createdAt: iso(r.created_at)!,
    editedAt: iso(r.edited_at),
    deleted,
    pinned: r.pinned,
    anchor: deleted ? null : r.anchor,
    feedbackPointId: r.feedback_point_id,
    status: r.status,
    holdReason: r.hold_reason,
    replies: [],
    moreReplies: null,
    supporter: false,
  };
}

const idArray = (ids: number[]) => sql`${`{${ids.map((i) => Math.trunc(i)).join(',')}}`}::bigint[]`;

/** First replies under each parent (one indexed lateral query per level), down to maxDepth. */
async function attachReplies(db: DbOrTx, parents: CommentNode[], maxDepth: number, rowsTs: Map<number, string>): Promise<void> {
  let level = parents.filter((p) => p.replyCount > 0);
  while (level.length) {
    const depth = level[0].depth;
    if (depth >= maxDepth) break;
    const k = FIRST_REPLIES[Math.min(depth, FIRST_REPLIES.length - 1)];
    const rows = await queryRows<Row & { pid: string }>(
      db,
      sql`
      select p.id::text as pid, r.* from unnest(${idArray(level.map((p) => p.id))}) as p(id)
      cross join lateral (
        select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
        where c.parent_id = p.id and c.status = 'approved'
        order by c.created_at, c.id limit ${k + 1}
      ) r`,
    );
    const byParent = new Map<number, CommentNode[]>();
    for (const r of rows) {
      const n = toNode(r);
      rowsTs.set(n.id, r.ts);
      const list = byParent.get(n.parentId!) ?? [];
      list.push(n);
      byParent.set(n.parentId!, list);
    }
    const next: CommentNode[] = [];
    for (const p of level) {
      const list = byParent.get(p.id) ?? [];
      if (list.length > k) {
        list.length = k;
        const last = list[k - 1];
        p.moreReplies = encodeCursor(rowsTs.get(last.id)!, last.id);
      }
      p.replies = list;
      next.push(...list.filter((c) => c.replyCount > 0));
    }
    level = next;
  }
}

async function maxDepthSetting(): Promise<number> {
  return (await loadSettings()).maxReplyDepth;
}

/**
 * Sets `supporter` on every node of these trees, so the badge is part of the cached markup rather than
 * something each reader's browser asks for. A badge won or lost shows once the cached thread expires (minutes).
 */
export async function markSupporters(roots: CommentNode[]): Promise<void> {
  const all: CommentNode[] = [];
  const walk = (n: CommentNode) => {
    all.push(n);
    n.replies.forEach(walk);
  };
  roots.forEach(walk);
  const ids = [...new Set(all.map((n) => n.authorId).filter((a): a is string => !!a))];
  if (!ids.length) return;
  const supporters = await getSupporterIds(ids);
  for (const n of all) n.supporter = !!n.authorId && supporters.has(n.authorId);
}

/** One page of top-level threads with their first replies. Cached per article, sort and cursor. */
export async function getThreadPage(articleId: string, sort: CommentSort, after?: string | null): Promise<ThreadPage> {
  'use cache';
  cacheTag(TAGS.comments(articleId));
  cacheLife('minutes');
  const page = await loadThreadPage(articleId, sort, after);
  await markSupporters(page.threads);
  return page;
}

/** Pinned comments shown ahead of the first page (moderators pin a few; more would bury the conversation). */
const MAX_PINNED = 5;

export async function loadThreadPage(
  articleId: string,
  sort: CommentSort,
  after?: string | null,
  pageSize = TOP_PAGE_SIZE,
): Promise<ThreadPage> {
  const cursor = decodeCursor(after, cursorKind(sort));
  if (after && !cursor) badCursor();
  const db = await getDb();
  const conds: SQL[] = [sql`c.article_id = ${articleId}`, sql`c.parent_id is null`, sql`c.status = 'approved'`];
  let order: SQL;
  if (sort === 'top') {
    order = sql`c.score desc, c.id desc`;
    if (cursor && typeof cursor.key === 'number') conds.push(sql`(c.score, c.id) < (${cursor.key}, ${cursor.id})`);
  } else if (sort === 'oldest') {
    order = sql`c.created_at asc, c.id asc`;
    if (cursor && typeof cursor.key === 'string') conds.push(sql`(c.created_at, c.id) > (${cursor.key}::timestamptz, ${cursor.id})`);
  } else {
    order = sql`c.created_at desc, c.id desc`;
    if (cursor && typeof cursor.key === 'string') conds.push(sql`(c.created_at, c.id) < (${cursor.key}::timestamptz, ${cursor.id})`);
  }
  if (sort === 'inline') conds.push(sql`(c.anchor is not null or c.feedback_point_id is not null)`);
  // Pinned comments lead the first page in every sort (newest pinned first), and are not repeated after it.
  const pinnedFirst = sort !== 'inline';
  const pinned =
    pinnedFirst && !cursor
      ? await queryRows<Row>(
          db,
          sql`
      select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
      where ${sql.join(conds, sql` and `)} and c.pinned order by c.created_at desc, c.id desc limit ${MAX_PINNED}`,
        )
      : [];
  if (pinnedFirst) conds.push(sql`not c.pinned`);
  const rows = await queryRows<Row>(
    db,
    sql`
    select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
    where ${sql.join(conds, sql` and `)} order by ${order} limit ${pageSize + 1}`,
  );
  const more = rows.length > pageSize;
  if (more) rows.length = pageSize;
  const ts = new Map<number, string>();
  const threads = [...pinned, ...rows].map((r) => {
    const n = toNode(r);
    ts.set(n.id, r.ts);
    return n;
  });
  await attachReplies(db, threads, await maxDepthSetting(), ts);
  const last = rows.at(-1);
  const next = more && last ? encodeCursor(sort === 'top' ? last.score : last.ts, Number(last.id)) : null;
  return { threads, next };
}

/** Approved comments of one article by id, without their replies: new comments arriving live, shown in place. */
export async function getLiveComments(articleId: string, ids: number[]): Promise<CommentNode[]> {
  const clean = ids.filter((i) => Number.isSafeInteger(i) && i > 0).slice(0, 50);
  if (!clean.length) return [];
  const db = await getDb();
  const rows = await queryRows<Row>(
    db,
    sql`
    select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
    where c.article_id = ${articleId} and c.id = any(${idArray(clean)}) and c.status = 'approved' and c.deleted_at is null
    order by c.created_at, c.id`,
  );
  const nodes = rows.map(toNode);
  await markSupporters(nodes);
  return nodes;
}

/** A page of direct replies to one comment, oldest first, each with its own first replies. */
export async function loadReplies(parentId: number, after?: string | null, pageSize = REPLY_PAGE_SIZE, maxDepth?: number) {
  const cursor = decodeCursor(after, 'time');
  if (after && !cursor) badCursor();
  const db = await getDb();
  const conds: SQL[] = [sql`c.parent_id = ${parentId}`, sql`c.status = 'approved'`];
  if (cursor && typeof cursor.key === 'string') conds.push(sql`(c.created_at, c.id) > (${cursor.key}::timestamptz, ${cursor.id})`);
  const rows = await queryRows<Row>(
    db,
    sql`
    select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
    where ${sql.join(conds, sql` and `)} order by c.created_at, c.id limit ${pageSize + 1}`,
  );
  const more = rows.length > pageSize;
  if (more) rows.length = pageSize;
  const ts = new Map<number, string>();
  const replies = rows.map((r) => {
    const n = toNode(r);
    ts.set(n.id, r.ts);
    return n;
  });
  await attachReplies(db, replies, maxDepth ?? (await maxDepthSetting()), ts);
  const last = rows.at(-1);
  return { replies, next: more && last ? encodeCursor(last.ts, Number(last.id)) : null };
}

async function loadOne(db: DbOrTx, id: number): Promise<(CommentNode & { articleId: string; ts: string }) | null> {
  const [r] = await queryRows<Row & { article_id: string }>(
    db,
    sql`
    select ${COLS}, c.article_id from ${comments} c left join ${users} u on u.id = c.author_id where c.id = ${id}`,
  );
  return r ? { ...toNode(r), articleId: r.article_id, ts: r.ts } : null;
}

export type CommentContext = {
  articleId: string;
  target: CommentNode;
  /** The comment the view starts from (the target's root, or a deeper ancestor for "continue this thread"). */
  view: CommentNode;
  /** Ancestors above the view (for "in reply to" context), outermost first. */
  above: { id: number; authorName: string; depth: number }[];
  repliesNext: string | null;
};

/**
 * The thread around a comment, for permalinks and "continue this thread": the view starts at the ancestor
 * whose depth is a multiple of (maxDepth + 1), so the target sits within the visible nesting, and the path
 * from the view down to the target is always expanded.
 */
export async function getCommentContext(id: number, after?: string | null): Promise<CommentContext | null> {
  const db = await getDb();
  const target = await loadOne(db, id);
  if (!target || target.status !== 'approved') return null;
  const maxDepth = await maxDepthSetting();
  const chain = await queryRows<{ id: string; depth: number; author_name: string | null }>(
    db,
    sql`
    with recursive up as (
      select id, parent_id, depth, author_id from ${comments} where id = ${id}
      union all
      select c.id, c.parent_id, c.depth, c.author_id from ${comments} c join up on c.id = up.parent_id
    ) select up.id::text as id, up.depth, coalesce(u.name, u.handle) as author_name from up left join ${users} u on u.id = up.author_id
    order by up.depth`,
  );
  const viewDepth = Math.floor(target.depth / (maxDepth + 1)) * (maxDepth + 1);
  const pathIds = chain.filter((c) => c.depth >= viewDepth).map((c) => Number(c.id));
  const view = pathIds[0] === target.id ? target : (await loadOne(db, pathIds[0]))!;
  const absoluteMax = viewDepth + maxDepth;
  const { replies, next } = await loadReplies(view.id, after, REPLY_PAGE_SIZE, absoluteMax);
  view.replies = replies;
  // Make sure the path to the target is shown even when it is not among the first replies.
  let parent: CommentNode = view;
  for (const pid of pathIds.slice(1)) {
    let child: CommentNode | undefined = parent.replies.find((r) => r.id === pid);
    if (!child) {
      child = pid === target.id ? target : (await loadOne(db, pid))!;
      if (child.replies.length === 0 && child.replyCount > 0 && child.depth < absoluteMax) {
        const sub = await loadReplies(child.id, null, 5, absoluteMax);
        child.replies = sub.replies;
        child.moreReplies = sub.next;
      }
      parent.replies = [child, ...parent.replies];
    }
    parent = child;
  }
  return {
    articleId: target.articleId,
    target,
    view,
    repliesNext: next,
    above: chain
      .filter((c) => c.depth < viewDepth)
      .map((c) => ({ id: Number(c.id), authorName: c.author_name ?? 'Former reader', depth: c.depth })),
  };
}

/** Feedback points of an article with their approved-comment counts. */
export async function listFeedbackPoints(articleId: string) {
  'use cache';
  cacheTag(TAGS.comments(articleId));
  cacheLife('minutes');
  const db = await getDb();
  return db
    .select({
      id: feedbackPoints.id,
      quote: feedbackPoints.quote,
      prefix: feedbackPoints.prefix,
      suffix: feedbackPoints.suffix,
      question: feedbackPoints.question,
      count: sql<number>`(select count(*)::int from ${comments} c where c.feedback_point_id = "feedback_points"."id" and c.status = 'approved' and c.deleted_at is null)`,
    })
    .from(feedbackPoints)
    .where(eq(feedbackPoints.articleId, articleId))
    .orderBy(feedbackPoints.createdAt);
}

/**
 * Anchors of the article's approved inline comments, oldest first, for the highlights in the article
 * (components/comments/passage-highlights.tsx). Cached with the thread: the same bytes for every reader.
 */
export async function listInlineAnchors(articleId: string, limit = 500): Promise<{ id: number; anchor: TextAnchor }[]> {
  'use cache';
  cacheTag(TAGS.comments(articleId));
  cacheLife('minutes');
  const db = await getDb();
  const rows = await db
    .select({ id: comments.id, anchor: comments.anchor })
    .from(comments)
    .where(
      and(
        eq(comments.articleId, articleId),
        eq(comments.status, 'approved'),
        sql`${comments.parentId} is null`,
        sql`${comments.deletedAt} is null`,
        sql`${comments.anchor} is not null`,
      ),
    )
    .orderBy(comments.createdAt, comments.id)
    .limit(limit);
  return rows.filter((r): r is { id: number; anchor: TextAnchor } => !!r.anchor);
}

/** Approved top-level comments on one feedback point, newest first (first page). */
export async function listFeedbackComments(articleId: string, feedbackPointId: string, limit = 5) {
  'use cache';
  cacheTag(TAGS.comments(articleId));
  cacheLife('minutes');
  const db = await getDb();
  const rows = await queryRows<Row>(
    db,
    sql`
    select ${COLS} from ${comments} c left join ${users} u on u.id = c.author_id
    where c.feedback_point_id = ${feedbackPointId} and c.status = 'approved' and c.parent_id is null
    order by c.created_at desc, c.id desc limit ${limit}`,
  );
  return rows.map(toNode);
}

// ------------------------------------------------------------------------------------------------
// What depends on the viewer.

/** The viewer's votes on these comments: id -> 1 | -1. */
export async function getViewerVotes(viewerId: string, ids: number[]): Promise<Record<number, number>> {
  if (!ids.length) return {};
  const db = await getDb();
  const rows = await db
    .select({ id: commentVotes.commentId, value: commentVotes.value })
    .from(commentVotes)
    .where(and(eq(commentVotes.userId, viewerId), inArray(commentVotes.commentId, ids)));
  return Object.fromEntries(rows.map((r) => [r.id, r.value]));
}

/** Markdown source of the viewer's own (live, approved) comments among these, for their edit form. */
export async function getOwnCommentBodies(viewerId: string, ids: number[]): Promise<Record<number, string>> {
  if (!ids.length) return {};
  const db = await getDb();
  const rows = await db
    .select({ id: comments.id, body: comments.body })
    .from(comments)
    .where(
      and(eq(comments.authorId, viewerId), inArray(comments.id, ids), eq(comments.status, 'approved'), sql`${comments.deletedAt} is null`),
    );
  return Object.fromEntries(rows.map((r) => [r.id, r.body]));
}

/** The viewer's own comments on this article that are held or were rejected, with the reasons. */
export async function listMyHeldComments(viewerId: string, articleId: string) {
  const db = await getDb();
  return db
    .select({
      id: comments.id,
      bodyHtml: comments.bodyHtml,
      status: comments.status,
      holdReason: comments.holdReason,
      rejectReason: comments.rejectReason,
      createdAt: comments.createdAt,
      parentId: comments.parentId,
    })
    .from(comments)
    .where(
      and(
        eq(comments.authorId, viewerId),
        eq(comments.articleId, articleId),
        inArray(comments.status, ['pending', 'trash', 'spam']),
        sql`${comments.deletedAt} is null`,
      ),
    )
    .orderBy(sql`${comments.createdAt} desc`)
    .limit(20);
}

// ------------------------------------------------------------------------------------------------
// Writes

/** What the duplicate check compares (see duplicateKey: invisible characters, case, emphasis and closing dots do not count). */
export function normalizeBody(body: string): string {
  return duplicateKey(body);
}
export function hashBody(body: string): string {
  return createHash('sha256').update(normalizeBody(body)).digest('hex');
}

export type PostInput = {
  articleId: string;
  parentId?: number;
  body: string;
  anchor?: TextAnchor;
  feedbackPointId?: string;
};

export type PostResult = { id: number; status: 'approved' | 'pending'; holdReason: string | null; articleId: string; slug: string };

async function lockUser(tx: DbOrTx, userId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`comments:${userId}`}))`);
}

export const UNVERIFIED_COMMENT_MESSAGE =
  'Verify your email address to comment: open the link we mailed you, or ask for a new one from your account.';
export const UNVERIFIED_VOTE_MESSAGE = 'Verify your email address to vote.';

export async function postComment(viewer: Viewer, input: PostInput): Promise<PostResult> {
  assertNotBanned(viewer);
  const settings = await loadSettings();
  if (!viewer.emailVerified && settings.unverifiedComments === 'refuse') throw new UserError(UNVERIFIED_COMMENT_MESSAGE, 403);
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const [article] = await tx
      .select({ id: articles.id, slug: articles.slug, commentsOpen: articles.commentsOpen, body: articles.body })
      .from(articles)
      .where(
        and(eq(articles.id, input.articleId), sql`${articles.status} in ('published', 'scheduled') and ${articles.publishedAt} <= now()`),
      )
      .limit(1);
    if (!article) throw new NotFoundError('That article does not exist.');
    if (!article.commentsOpen) throw new UserError('Comments are closed on this article.');
    // The stored anchor is re-described from the article's own text, whatever context the page sent.
    let anchor: TextAnchor | null = null;
    if (input.anchor && !input.parentId) {
      anchor = reanchor(articleText(article.body).text, input.anchor);
      if (!anchor) throw new UserError('That passage is no longer in the article. Select it again.');
    }

    let depth = 0;
    let rootId: number | null = null;
    let parentAuthor: string | null = null;
    if (input.parentId) {
      const [parent] = await tx
        .select({
          id: comments.id,
          articleId: comments.articleId,
          depth: comments.depth,
          rootId: comments.rootId,
          status: comments.status,
          deletedAt: comments.deletedAt,
          authorId: comments.authorId,
        })
        .from(comments)
        .where(eq(comments.id, input.parentId))
        .limit(1);
      if (!parent || parent.articleId !== article.id || parent.status !== 'approved')
        throw new UserError('The comment you are replying to is not available.');
      if (parent.deletedAt) throw new UserError('The comment you are replying to was deleted.');
      depth = parent.depth + 1;
      rootId = parent.rootId ?? parent.id;
      parentAuthor = parent.authorId;
    }
    let feedbackPointId: string | null = null;
    if (input.feedbackPointId && !input.parentId) {
      const [fp] = await tx
        .select({ id: feedbackPoints.id })
        .from(feedbackPoints)
        .where(and(eq(feedbackPoints.id, input.feedbackPointId), eq(feedbackPoints.articleId, article.id)))
        .limit(1);
      if (!fp) throw new UserError('That feedback point no longer exists.');
      feedbackPointId = fp.id;
    }

    // One writer per user at a time, so the interval, cap and duplicate checks cannot be raced.
    await lockUser(tx, viewer.id);
    const [recent] = await queryRows<{ last_at: Date | string | null; today: number; approved: number }>(
      tx,
      sql`
      select max(created_at) as last_at,
             count(*) filter (where created_at > now() - interval '1 day')::int as today,
             (select count(*)::int from ${comments} where author_id = ${viewer.id} and status = 'approved') as approved
      from ${comments} where author_id = ${viewer.id} and created_at > now() - interval '1 day'`,
    );
    if (recent?.last_at && settings.commentIntervalSeconds > 0) {
      const waitMs = new Date(recent.last_at).getTime() + settings.commentIntervalSeconds * 1000 - Date.now();
      if (waitMs > 0) {
        const s = Math.ceil(waitMs / 1000);
        throw new UserError(`You are posting too fast. Please wait ${s} second${s === 1 ? '' : 's'} before posting again.`, 429);
      }
    }
    const newAccount = Date.now() - viewer.createdAt.getTime() < 24 * 3600_000;
    if (newAccount && (recent?.today ?? 0) >= settings.newAccountDailyCap) {
      throw new UserError(`New accounts can post ${settings.newAccountDailyCap} comments a day. Please come back tomorrow.`, 429);
    }
    const hash = hashBody(input.body);
    const [dup] = await tx
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.authorId, viewer.id),
          eq(comments.contentHash, hash),
          sql`${comments.deletedAt} is null`,
          sql`${comments.createdAt} > now() - make_interval(secs => ${DUPLICATE_WINDOW_MS / 1000})`,
        ),
      )
      .limit(1);
    if (dup) throw new UserError('You posted the same comment a moment ago.', 409);

    const reasons = holdReasons(input.body, {
      bannedWords: settings.bannedWords,
      suspectWords: settings.suspectWords,
      linkLimit: settings.linkLimit,
      holdFirstComment: settings.holdFirstComment,
      premoderated: viewer.premoderated,
      firstComment: (recent?.approved ?? 0) === 0,
      unverified: !viewer.emailVerified,
    });
    const holdReason = holdReasonText(reasons);
    const status = holdReason ? 'pending' : 'approved';
    const [row] = await tx
      .insert(comments)
      .values({
        articleId: article.id,
        parentId: input.parentId ?? null,
        rootId,
        depth,
        authorId: viewer.id,
        body: input.body,
        bodyHtml: renderCommentMarkdown(input.body),
        status,
        holdReason,
        contentHash: hash,
        anchor,
        feedbackPointId,
      })
      .returning({ id: comments.id });
    if (!rootId) await tx.update(comments).set({ rootId: row.id }).where(eq(comments.id, row.id));
    if (status === 'approved') {
      await tx
        .update(articles)
        .set({ commentCount: sql`${articles.commentCount} + 1` })
        .where(eq(articles.id, article.id));
      if (input.parentId)
        await tx
          .update(comments)
          .set({ replyCount: sql`${comments.replyCount} + 1` })
          .where(eq(comments.id, input.parentId));
      await queueNotifications(tx, {
        commentId: row.id,
        articleId: article.id,
        authorId: viewer.id,
        parentAuthorId: parentAuthor,
        mentions: extractMentions(input.body),
      });
    }
    return { id: row.id, status, holdReason, articleId: article.id, slug: article.slug } as PostResult;
  });
  if (result.status === 'approved') {
    await publishEvent({
      type: 'comment',
      articleId: result.articleId,
      id: result.id,
      parentId: input.parentId ?? null,
      authorId: viewer.id,
    });
    scheduleFlush();
  }
  return result;
}

export type LiveEvent = { type: 'comment'; articleId: string; id: number; parentId: number | null; authorId: string };

/** Tells every app instance (Postgres NOTIFY) that a comment became visible, for the live "new comments" bar. */
export async function publishEvent(event: LiveEvent) {
  try {
    await (await getDatabase()).notify(LIVE_CHANNEL, JSON.stringify(event));
  } catch {
    // Live updates are a nicety: a failed NOTIFY must not fail the write.
  }
}

async function ownComment(tx: DbOrTx, viewer: Viewer, id: number) {
  const [c] = await tx.select().from(comments).where(eq(comments.id, id)).for('update').limit(1);
  if (!c || c.deletedAt) throw new NotFoundError('That comment does not exist.');
  if (c.authorId !== viewer.id) throw new ForbiddenError('You can only change your own comments.');
  return c;
}

/** Edits within the edit window; the earlier text is kept in comment_edits for staff. */
export async function editComment(viewer: Viewer, id: number, body: string) {
  assertNotBanned(viewer);
  const settings = await loadSettings();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await ownComment(tx, viewer, id);
    if (Date.now() - c.createdAt.getTime() > settings.editWindowMinutes * 60_000) {
      throw new UserError(`Comments can be edited for ${settings.editWindowMinutes} minutes after posting.`);
    }
    if (c.status === 'spam' || c.status === 'trash') throw new UserError('A removed comment cannot be edited.');
    if (!viewer.emailVerified && settings.unverifiedComments === 'refuse') throw new UserError(UNVERIFIED_COMMENT_MESSAGE, 403);
    if (c.body === body) return { articleId: c.articleId, status: c.status, holdReason: c.holdReason };
    await tx.insert(commentEdits).values({ commentId: c.id, body: c.body, editorId: viewer.id });
    const reasons = holdReasons(body, {
      bannedWords: settings.bannedWords,
      suspectWords: settings.suspectWords,
      linkLimit: settings.linkLimit,
      holdFirstComment: false,
      premoderated: viewer.premoderated,
      firstComment: false,
      unverified: !viewer.emailVerified,
    });
    const holdReason = holdReasonText(reasons) ?? (c.status === 'pending' ? c.holdReason : null);
    const status = holdReason ? 'pending' : c.status;
    await tx
      .update(comments)
      .set({
        body,
        bodyHtml: renderCommentMarkdown(body),
        contentHash: hashBody(body),
        editedAt: new Date(),
        status,
        holdReason,
      })
      .where(eq(comments.id, c.id));
    if (c.status === 'approved' && status === 'pending') await adjustCounts(tx, c.articleId, c.parentId, -1);
    return { articleId: c.articleId, status, holdReason };
  });
}

async function adjustCounts(tx: DbOrTx, articleId: string, parentId: number | null, delta: number) {
  await tx
    .update(articles)
    .set({ commentCount: sql`greatest(0, ${articles.commentCount} + ${delta})` })
    .where(eq(articles.id, articleId));
  if (parentId && delta < 0) {
    // A deleted comment keeps its place (and its replies), so reply counts only drop when it leaves the thread.
    return;
  }
}

/** Soft delete: the text goes, the replies stay under "comment deleted". */
export async function deleteComment(viewer: Viewer, id: number) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const c = await ownComment(tx, viewer, id);
    await tx.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, c.id));
    if (c.status === 'approved') await adjustCounts(tx, c.articleId, c.parentId, -1);
    return { articleId: c.articleId };
  });
}

/** Up (1), down (-1) or withdraw (0); one vote per user per comment, the score updated in the same transaction. */
export async function castVote(viewer: Viewer, commentId: number, value: -1 | 0 | 1) {
  assertNotBanned(viewer);
  // A vote is one click: ten fresh unverified accounts would be ten votes. Only verified addresses count.
  assertVerified(viewer, 'vote');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select({
        id: comments.id,
        authorId: comments.authorId,
        status: comments.status,
        deletedAt: comments.deletedAt,
        articleId: comments.articleId,
      })
      .from(comments)
      .where(eq(comments.id, commentId))
      .for('update')
      .limit(1);
    if (!c || c.status !== 'approved' || c.deletedAt) throw new NotFoundError('That comment is not available for voting.');
    if (c.authorId === viewer.id) throw new UserError('You cannot vote on your own comment.');
    const [old] = await tx
      .select({ value: commentVotes.value })
      .from(commentVotes)
      .where(and(eq(commentVotes.commentId, commentId), eq(commentVotes.userId, viewer.id)))
      .limit(1);
    const before = old?.value ?? 0;
    if (before === value) {
      const [cur] = await tx
        .select({ score: comments.score, upvotes: comments.upvotes, downvotes: comments.downvotes })
        .from(comments)
        .where(eq(comments.id, commentId));
      return { ...cur, value, articleId: c.articleId };
    }
    if (value === 0) {
      await tx.delete(commentVotes).where(and(eq(commentVotes.commentId, commentId), eq(commentVotes.userId, viewer.id)));
    } else {
      await tx
        .insert(commentVotes)
        .values({ commentId, userId: viewer.id, value })
        .onConflictDoUpdate({ target: [commentVotes.commentId, commentVotes.userId], set: { value, createdAt: new Date() } });
    }
    const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
    const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
    const [after] = await tx
      .update(comments)
      .set({
        upvotes: sql`${comments.upvotes} + ${up}`,
        downvotes: sql`${comments.downvotes} + ${down}`,
        score: sql`${comments.score} + ${up - down}`,
      })
      .where(eq(comments.id, commentId))
      .returning({ score: comments.score, upvotes: comments.upvotes, downvotes: comments.downvotes });
    return { ...after, value, articleId: c.articleId };
  });
}

/** Report a comment with a reason (one report per user per comment; a second one updates the reason). */
export async function flagComment(viewer: Viewer, commentId: number, reason: string) {
  const db = await getDb();
  const [c] = await db
    .select({ id: comments.id, authorId: comments.authorId, articleId: comments.articleId })
    .from(comments)
    .where(eq(comments.id, commentId))
    .limit(1);
  if (!c) throw new NotFoundError('That comment does not exist.');
  if (c.authorId === viewer.id) throw new UserError('You cannot report your own comment.');
  assertNotBanned(viewer);
  assertVerified(viewer, 'report comments');
  await db
    .insert(commentFlags)
    .values({ commentId, userId: viewer.id, reason: reason.slice(0, 600) })
    .onConflictDoUpdate({
      target: [commentFlags.commentId, commentFlags.userId],
      set: { reason: reason.slice(0, 600), createdAt: new Date(), resolvedAt: null },
    });
  return { articleId: c.articleId };
}

/** Slug and comment state of a public article, by id (for actions and the live stream). */
export async function getArticleForComments(articleId: string) {
  const db = await getDb();
  const [a] = await db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, commentsOpen: articles.commentsOpen, body: articles.body })
    .from(articles)
    .where(and(eq(articles.id, articleId), sql`${articles.status} in ('published', 'scheduled') and ${articles.publishedAt} <= now()`))
    .limit(1);
  return a ?? null;
}

/** Whether an inline comment's anchor still finds its passage in the article's text (fuzzily: see lib/anchoring). */
export function anchorAttached(articleHtml: string, anchor: TextAnchor): boolean {
  return locateAnchor(articleText(articleHtml).text, anchor) !== null;
}

/** Ids of the inline comments in these threads whose passage is no longer in the article ("detached"). */
export function detachedCommentIds(threads: CommentNode[], articleHtml: string): number[] {
  const text = articleText(articleHtml).text;
  const out: number[] = [];
  const walk = (n: CommentNode) => {
    if (n.anchor && !locateAnchor(text, n.anchor)) out.push(n.id);
    n.replies.forEach(walk);
  };
  threads.forEach(walk);
  return out;
}

/** Cached permalink context (tagged with the article's comments tag once known). */
export async function getCommentContextCached(id: number): Promise<CommentContext | null> {
  'use cache';
  cacheLife('minutes');
  const ctx = await getCommentContext(id);
  if (ctx) {
    cacheTag(TAGS.comments(ctx.articleId));
    await markSupporters([ctx.view]);
  }
  return ctx;
}

export type ThreadView = { articleId: string; root: CommentNode; next: string | null; above: { id: number; authorName: string }[] };

/** "Continue this thread" / "more replies": one comment and a keyset page of its replies. */
export async function getThreadView(id: number, after?: string | null): Promise<ThreadView | null> {
  'use cache';
  cacheLife('minutes');
  const db = await getDb();
  const root = await loadOne(db, id);
  if (!root || root.status !== 'approved') return null;
  cacheTag(TAGS.comments(root.articleId));
  const maxDepth = await maxDepthSetting();
  const { replies, next } = await loadReplies(id, after, REPLY_PAGE_SIZE, root.depth + maxDepth);
  root.replies = replies;
  await markSupporters([root]);
  const parent = root.parentId ? await loadOne(db, root.parentId) : null;
  const { ts: _ts, articleId, ...node } = root;
  return {
    articleId,
    root: node,
    next,
    above: parent ? [{ id: parent.id, authorName: parent.deleted ? 'a deleted comment' : parent.authorName }] : [],
  };
}
