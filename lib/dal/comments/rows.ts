import 'server-only';
/**
 * How a comment row becomes what the thread shows (CommentNode): the columns every read selects, the
 * mapping that hides a deleted comment's author and text, one comment by id, and the supporter badge.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '@/db/client';
import { comments, users, type TextAnchor } from '@/db/schema';
import { getSupporterIds } from '@/lib/dal/pledges';

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

export type ThreadPage = {
  threads: CommentNode[];
  next: string | null;
  /** The article's newest live event when the page was read (cached thread pages): where its stream resumes. */
  liveEventId?: number;
};

export type Row = {
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

/** The columns of Row, from `comments c left join users u on u.id = c.author_id`. */
export const COLS = sql.raw(`c.id::text as id, c.parent_id::text as parent_id, c.root_id::text as root_id, c.depth, c.author_id,
  coalesce(u.name, u.handle) as author_name, u.handle as author_handle, u.image as author_image, c.body, c.body_html, c.score, c.upvotes, c.downvotes,
  c.reply_count, c.created_at, c.created_at::text as ts, c.edited_at, c.deleted_at, c.pinned, c.anchor,
  c.feedback_point_id, c.status::text as status, c.hold_reason`);

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toNode(r: Row): CommentNode {
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

/** A bigint[] parameter from ids (truncated to integers: never text in the query). */
export const idArray = (ids: number[]) => sql`${`{${ids.map((i) => Math.trunc(i)).join(',')}}`}::bigint[]`;

/** One comment by id, whatever its status, with its article. */
export async function loadOne(db: DbOrTx, id: number): Promise<(CommentNode & { articleId: string }) | null> {
  const [r] = await queryRows<Row & { article_id: string }>(
    db,
    sql`
    select ${COLS}, c.article_id from ${comments} c left join ${users} u on u.id = c.author_id where c.id = ${id}`,
  );
  return r ? { ...toNode(r), articleId: r.article_id } : null;
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
