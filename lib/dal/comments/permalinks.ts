import 'server-only';
/**
 * One comment in its thread, for permalinks and "continue this thread": the ancestors above it, the path
 * down to it expanded, and a keyset page of replies. Cached per comment, tagged with its article's comments.
 */
import { sql } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, queryRows } from '@/db/client';
import { comments, users } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { loadReplies, maxDepthSetting, REPLY_PAGE_SIZE } from './reads';
import { loadOne, markSupporters, type CommentNode } from './rows';

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
  const { articleId, ...node } = root;
  return {
    articleId,
    root: node,
    next,
    above: parent ? [{ id: parent.id, authorName: parent.deleted ? 'a deleted comment' : parent.authorName }] : [],
  };
}
