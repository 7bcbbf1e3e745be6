import 'server-only';
/**
 * Comments on a passage of the article: feedback points and their comments, the anchors of inline comments
 * (cached with the thread), and whether an anchor still finds its passage after the article was edited.
 */
import { and, eq, sql } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb, queryRows } from '@/db/client';
import { comments, feedbackPoints, users, type TextAnchor } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { articleText } from '@/lib/anchoring/html';
import { locateAnchor } from '@/lib/anchoring/text-quote';
import { COLS, toNode, type CommentNode, type Row } from './rows';

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
