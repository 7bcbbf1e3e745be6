import 'server-only';
/**
 * Public thread reads, keyset-paged at every level (flat cost however large the thread): a page of
 * top-level threads with their first replies, a page of replies, and comments announced live.
 *
 * Reads of the public thread are cached per article (tag comments:<articleId>); what depends on the viewer
 * (their votes, their held comments) is read separately and uncached (viewer.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, queryRows, type DbOrTx } from '@/db/client';
import { comments, users } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { isListedComment } from '@/lib/dal/visibility';
import { loadSettings } from '@/lib/settings';
import type { CommentSort } from '@/lib/validation/comment';
import { badCursor, cursorKind, decodeCursor, encodeCursor } from './cursors';
import { latestArticleEventId } from './live';
import { COLS, idArray, markSupporters, toNode, type CommentNode, type Row, type ThreadPage } from './rows';

/** `comments c` in the queries below, and which of its rows a thread lists (lib/dal/visibility.ts). */
const c = alias(comments, 'c');
const listed = isListedComment(c);

export const TOP_PAGE_SIZE = 15;
/** Replies shown under a parent in the article view, by depth of the parent (0 = top-level). */
const FIRST_REPLIES = [3, 2, 2, 1, 1, 1, 1, 1];
export const REPLY_PAGE_SIZE = 20;

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
        where c.parent_id = p.id and ${listed}
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

export async function maxDepthSetting(): Promise<number> {
  return (await loadSettings()).maxReplyDepth;
}

/** One page of top-level threads with their first replies. Cached per article, sort and cursor. */
export async function getThreadPage(articleId: string, sort: CommentSort, after?: string | null): Promise<ThreadPage> {
  'use cache';
  cacheTag(TAGS.comments(articleId));
  cacheLife('minutes');
  // First the event id, then the thread: the page holds every change up to that id (and maybe later ones,
  // which the stream then sends again harmlessly).
  const liveEventId = await latestArticleEventId(articleId);
  const page = await loadThreadPage(articleId, sort, after);
  await markSupporters(page.threads);
  return { ...page, liveEventId };
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
  const conds: SQL[] = [sql`c.article_id = ${articleId}`, sql`c.parent_id is null`, listed];
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

/** A page of direct replies to one comment, oldest first, each with its own first replies. */
export async function loadReplies(parentId: number, after?: string | null, pageSize = REPLY_PAGE_SIZE, maxDepth?: number) {
  const cursor = decodeCursor(after, 'time');
  if (after && !cursor) badCursor();
  const db = await getDb();
  const conds: SQL[] = [sql`c.parent_id = ${parentId}`, listed];
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
