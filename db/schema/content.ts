import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { users } from './users';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const articleStatusEnum = pgEnum('article_status', ['draft', 'scheduled', 'published', 'archived']);
export type ArticleStatus = (typeof articleStatusEnum.enumValues)[number];

export const categories = pgTable('categories', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** A sub-section's parent (WordPress category hierarchy, kept by imports). */
  parentId: text('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'set null' }),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const tags = pgTable('tags', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const articles = pgTable(
  'articles',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    dek: text('dek').notNull().default(''),
    /** Sanitized HTML, rendered as is on the server. */
    body: text('body').notNull().default(''),
    /** Markdown source as written in the newsroom editor; null for bodies imported as HTML. */
    bodySource: text('body_source'),
    coverImage: text('cover_image'),
    coverAlt: text('cover_alt').notNull().default(''),
    status: articleStatusEnum('status').notNull().default('draft'),
    /** Publication time; a scheduled article turns 'published' at this time through the publish job (lib/publishing.ts). */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    categoryId: text('category_id').references(() => categories.id, { onDelete: 'set null' }),
    readingMinutes: integer('reading_minutes').notNull().default(1),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    commentsOpen: boolean('comments_open').notNull().default(true),
    /** Denormalized count of visible comments, kept by the comments DAL in the same transaction. */
    commentCount: integer('comment_count').notNull().default(0),
    /** Optimistic-locking version for the editor. */
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Set when an author submits a draft for an editor's review; cleared when it is published. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english'::regconfig, coalesce(${articles.title}, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(${articles.dek}, '')), 'B') || setweight(to_tsvector('english'::regconfig, regexp_replace(coalesce(${articles.body}, ''), '<[^>]+>', ' ', 'g')), 'C')`,
    ),
  },
  (t) => [
    index('articles_search_idx').using('gin', t.search),
    index('articles_public_idx').on(t.status, t.publishedAt),
    index('articles_category_idx').on(t.categoryId, t.publishedAt),
  ],
);

export const articleAuthors = pgTable(
  'article_authors',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] }), index('article_authors_user_idx').on(t.userId)],
);

export const articleTags = pgTable(
  'article_tags',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: text('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index('article_tags_tag_idx').on(t.tagId)],
);

/** Old slugs answer with a 301 to the article's current slug. */
export const articleSlugRedirects = pgTable('article_slug_redirects', {
  oldSlug: text('old_slug').primaryKey(),
  articleId: text('article_id')
    .notNull()
    .references(() => articles.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    dek: text('dek').notNull(),
    body: text('body').notNull(),
    bodySource: text('body_source'),
    editorId: text('editor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('article_revisions_article_idx').on(t.articleId, t.createdAt)],
);

/** A passage of an article marked by staff as a place for inline feedback, anchored by text quote. */
export const feedbackPoints = pgTable(
  'feedback_points',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    quote: text('quote').notNull(),
    prefix: text('prefix').notNull().default(''),
    suffix: text('suffix').notNull().default(''),
    question: text('question').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_points_article_idx').on(t.articleId)],
);

export type MediaVariant = { width: number; height: number; path: string };

export const media = pgTable('media', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
  /** Storage key of the largest variant, served under /media/<key>. */
  key: text('key').notNull().unique(),
  mime: text('mime').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  bytes: integer('bytes').notNull(),
  variants: jsonb('variants').$type<MediaVariant[]>().notNull().default([]),
  alt: text('alt').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Article = typeof articles.$inferSelect;
export type NewArticle = typeof articles.$inferInsert;
export type Category = typeof categories.$inferSelect;
export type Tag = typeof tags.$inferSelect;
