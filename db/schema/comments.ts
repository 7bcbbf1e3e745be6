import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { articles, feedbackPoints } from './content';
import { users } from './users';

export const commentStatusEnum = pgEnum('comment_status', ['pending', 'approved', 'spam', 'trash']);
export type CommentStatus = (typeof commentStatusEnum.enumValues)[number];

/**
 * Anchor of an inline comment, as Hypothesis keeps one: a quote selector (the exact passage plus a little
 * context on each side) and a position selector (start/end offsets in the article's text, see
 * lib/anchoring). Anchors saved before positions were kept have no start/end: the quote alone anchors them.
 */
export type TextAnchor = { exact: string; prefix: string; suffix: string; start?: number; end?: number };

export const comments = pgTable(
  'comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    /** Top-level comment of the thread (itself for a top-level comment). */
    rootId: bigint('root_id', { mode: 'number' }),
    depth: smallint('depth').notNull().default(0),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Markdown source as typed. */
    body: text('body').notNull(),
    /** Sanitized HTML rendered from body. */
    bodyHtml: text('body_html').notNull(),
    status: commentStatusEnum('status').notNull().default('approved'),
    holdReason: text('hold_reason'),
    rejectReason: text('reject_reason'),
    /** Upvotes minus downvotes, updated in the vote's transaction. Indexed for "Most voted". */
    score: integer('score').notNull().default(0),
    upvotes: integer('upvotes').notNull().default(0),
    downvotes: integer('downvotes').notNull().default(0),
    replyCount: integer('reply_count').notNull().default(0),
    pinned: boolean('pinned').notNull().default(false),
    anchor: jsonb('anchor').$type<TextAnchor>(),
    feedbackPointId: text('feedback_point_id').references(() => feedbackPoints.id, { onDelete: 'set null' }),
    /** SHA-256 of the normalized text, for refusing duplicates. */
    contentHash: text('content_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('comments_thread_new_idx').on(t.articleId, t.parentId, t.createdAt, t.id),
    index('comments_thread_score_idx').on(t.articleId, t.parentId, t.score, t.id),
    index('comments_top_new_idx')
      .on(t.articleId, t.createdAt, t.id)
      .where(sql`${t.parentId} is null`),
    index('comments_top_score_idx')
      .on(t.articleId, t.score, t.id)
      .where(sql`${t.parentId} is null`),
    index('comments_parent_idx').on(t.parentId, t.createdAt, t.id),
    index('comments_status_idx').on(t.status, t.createdAt),
    index('comments_author_idx').on(t.authorId, t.createdAt),
    index('comments_hash_idx').on(t.authorId, t.contentHash),
  ],
);

export const commentVotes = pgTable(
  'comment_votes',
  {
    commentId: bigint('comment_id', { mode: 'number' })
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    value: smallint('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] }), index('comment_votes_user_idx').on(t.userId)],
);

export const commentFlags = pgTable(
  'comment_flags',
  {
    commentId: bigint('comment_id', { mode: 'number' })
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/** Earlier versions of an edited comment, visible to staff. */
export const commentEdits = pgTable('comment_edits', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  commentId: bigint('comment_id', { mode: 'number' })
    .notNull()
    .references(() => comments.id, { onDelete: 'cascade' }),
  body: text('body').notNull(),
  editorId: text('editor_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const subscriptionKindEnum = pgEnum('subscription_kind', ['all', 'replies']);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    kind: subscriptionKindEnum('kind').notNull(),
    /** Secret for one-click unsubscribe links. */
    unsubscribeToken: text('unsubscribe_token').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('subscriptions_user_article_key').on(t.userId, t.articleId)],
);

export const notificationKindEnum = pgEnum('notification_kind', ['comment', 'reply', 'mention']);

/** Pending mail notifications, batched per user and article before sending. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    commentId: bigint('comment_id', { mode: 'number' })
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    kind: notificationKindEnum('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_user_comment_key').on(t.userId, t.commentId),
    index('notifications_pending_idx').on(t.sentAt, t.userId, t.articleId),
  ],
);

export type Comment = typeof comments.$inferSelect;
export type NewComment = typeof comments.$inferInsert;

export const liveEventKindEnum = pgEnum('live_event_kind', ['comment', 'edit', 'delete', 'remove', 'pin']);
export type LiveEventKind = (typeof liveEventKindEnum.enumValues)[number];

/**
 * What open pages are told about a thread (lib/comments/live.ts): one row per change readers may see, written
 * in the change's transaction, so its id (the stream's event id) is the same on every app instance and a
 * reader who reconnects to another one resumes with Last-Event-ID. Rows older than a day are swept.
 */
export const commentLiveEvents = pgTable(
  'comment_live_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    commentId: bigint('comment_id', { mode: 'number' }).notNull(),
    kind: liveEventKindEnum('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comment_live_events_article_idx').on(t.articleId, t.id), index('comment_live_events_created_idx').on(t.createdAt)],
);
