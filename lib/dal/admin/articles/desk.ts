import 'server-only';
/**
 * The newsroom desk's reads: the article list with its filters, what the editor form offers, one article
 * as the editor loads it, and the server-side preview. Authors see their own articles; editors every one.
 */
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import {
  articleAuthors,
  articleRevisions,
  articles,
  articleTags,
  categories,
  feedbackPoints,
  media,
  tags,
  users,
  type ArticleStatus,
} from '@/db/schema';
import { likeLiteral, paged } from '@/lib/dal/lists';
import { has, requireStaff } from '../guard';
import { renderArticleBody } from '../text';
import { assertCanOpen, ownArticleCondition } from './access';

export const ADMIN_PER_PAGE = 20;

export type AdminArticleFilter = { q?: string; status?: ArticleStatus; authorId?: string; categoryId?: string; page?: number };

/** One row of the article desk. */
const deskColumns = {
  id: articles.id,
  title: articles.title,
  slug: articles.slug,
  status: articles.status,
  publishedAt: articles.publishedAt,
  updatedAt: articles.updatedAt,
  submittedAt: articles.submittedAt,
  commentCount: articles.commentCount,
  categoryName: categories.name,
};

export async function listAdminArticles(filter: AdminArticleFilter) {
  const viewer = await requireStaff('articles:write-own');
  const db = await getDb();
  const conds: SQL[] = [];
  if (!has(viewer, 'articles:edit-any')) conds.push(ownArticleCondition(viewer.id));
  const q = filter.q?.trim().slice(0, 200);
  if (q) {
    conds.push(
      or(
        ilike(articles.title, `%${likeLiteral(q)}%`),
        eq(articles.slug, q),
        sql`${articles.search} @@ websearch_to_tsquery('english', ${q})`,
      )!,
    );
  }
  if (filter.status) conds.push(eq(articles.status, filter.status));
  if (filter.categoryId) conds.push(eq(articles.categoryId, filter.categoryId));
  if (filter.authorId) {
    conds.push(
      sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${filter.authorId})`,
    );
  }
  const where = conds.length ? and(...conds) : undefined;
  const { items: rows, ...pages } = await paged(
    db
      .select(deskColumns)
      .from(articles)
      .leftJoin(categories, eq(categories.id, articles.categoryId))
      .where(where)
      .orderBy(desc(articles.updatedAt), desc(articles.id))
      .$dynamic(),
    db.$count(articles, where),
    filter.page,
    ADMIN_PER_PAGE,
  );
  const ids = rows.map((r) => r.id);
  const authorRows = ids.length
    ? await db
        .select({ articleId: articleAuthors.articleId, name: users.name, handle: users.handle })
        .from(articleAuthors)
        .innerJoin(users, eq(users.id, articleAuthors.userId))
        .where(inArray(articleAuthors.articleId, ids))
        .orderBy(asc(articleAuthors.position))
    : [];
  return {
    items: rows.map((r) => ({ ...r, authors: authorRows.filter((a) => a.articleId === r.id).map((a) => a.name ?? a.handle) })),
    ...pages,
  };
}

/** What the editor form offers: categories, possible authors, recent media, and what the viewer may do. */
export async function getEditorOptions() {
  const viewer = await requireStaff('articles:write-own');
  const db = await getDb();
  const [cats, staff, recentMedia] = await Promise.all([
    db.select({ id: categories.id, name: categories.name }).from(categories).orderBy(asc(categories.position), asc(categories.name)),
    db
      .select({ id: users.id, name: users.name, handle: users.handle })
      .from(users)
      .where(and(inArray(users.role, ['author', 'editor', 'admin']), sql`${users.deletedAt} is null`))
      .orderBy(asc(users.name)),
    db
      .select({ key: media.key, alt: media.alt, width: media.width, height: media.height })
      .from(media)
      .orderBy(desc(media.createdAt))
      .limit(24),
  ]);
  return {
    viewer: { id: viewer.id, role: viewer.role },
    canPublish: has(viewer, 'articles:publish'),
    canChooseAuthors: has(viewer, 'articles:edit-any'),
    canCreateTags: has(viewer, 'taxonomy:manage'),
    categories: cats,
    authors: staff.map((s) => ({ id: s.id, name: s.name ?? s.handle })),
    media: recentMedia,
  };
}

export type EditableArticle = Awaited<ReturnType<typeof getArticleForEdit>>;

export async function getArticleForEdit(id: string) {
  const viewer = await requireStaff('articles:write-own');
  await assertCanOpen(viewer, id);
  const db = await getDb();
  const [a] = await db.select().from(articles).where(eq(articles.id, id)).limit(1);
  const [tagRows, authorRows, points, [{ revisions }]] = await Promise.all([
    db
      .select({ name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, id))
      .orderBy(asc(tags.name)),
    db
      .select({ userId: articleAuthors.userId })
      .from(articleAuthors)
      .where(eq(articleAuthors.articleId, id))
      .orderBy(asc(articleAuthors.position)),
    db
      .select({ id: feedbackPoints.id, quote: feedbackPoints.quote, question: feedbackPoints.question })
      .from(feedbackPoints)
      .where(eq(feedbackPoints.articleId, id))
      .orderBy(asc(feedbackPoints.createdAt), asc(feedbackPoints.id)),
    db
      .select({ revisions: sql<number>`count(*)::int` })
      .from(articleRevisions)
      .where(eq(articleRevisions.articleId, id)),
  ]);
  const editable = has(viewer, 'articles:edit-any') || a.status === 'draft';
  return {
    id: a.id,
    version: a.version,
    title: a.title,
    slug: a.slug,
    dek: a.dek,
    bodySource: a.bodySource ?? a.body,
    coverImage: a.coverImage ?? '',
    coverAlt: a.coverAlt,
    categoryId: a.categoryId ?? '',
    tags: tagRows.map((t) => t.name).join(', '),
    authorIds: authorRows.map((r) => r.userId),
    seoTitle: a.seoTitle ?? '',
    seoDescription: a.seoDescription ?? '',
    commentsOpen: a.commentsOpen,
    status: a.status,
    publishedAt: a.publishedAt,
    submittedAt: a.submittedAt,
    updatedAt: a.updatedAt,
    feedbackPoints: points,
    revisions,
    editable,
  };
}

/** Server-side preview of the editor's text, exactly as it will be stored. */
export async function renderPreview(source: string): Promise<string> {
  await requireStaff('articles:write-own');
  return renderArticleBody(source);
}
