import 'server-only';
/**
 * The newsroom's article writes and editor reads. Authors see and edit their own drafts; editors and
 * admins every article, and only they schedule or publish. Every write is one transaction with its audit
 * entry and a stored revision; saves carry the version the editor loaded (optimistic concurrency).
 */
import { and, asc, desc, eq, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import {
  articleAuthors,
  articleRevisions,
  articles,
  articleSlugRedirects,
  articleTags,
  categories,
  feedbackPoints,
  media,
  tags,
  users,
  type ArticleStatus,
} from '@/db/schema';
import { now as clockNow } from '@/lib/clock';
import { recordAudit } from '@/lib/dal/audit';
import type { Viewer } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import type { ArticleForm } from '@/lib/validation/admin';
import { has, requireStaff } from './guard';
import { readingMinutes, renderArticleBody, slugify } from './text';
import type { TextAnchor } from '@/db/schema';
import { articleText } from '@/lib/anchoring/html';
import { describeRange, locateAnchor, reanchor } from '@/lib/anchoring/text-quote';

export const ADMIN_PER_PAGE = 20;

/** Raised when the article changed since the editor loaded it; carries the saved text so nothing is lost. */
export class ArticleConflictError extends UserError {
  constructor(
    public readonly current: { version: number; title: string; dek: string; bodySource: string; updatedAt: Date; by: string | null },
  ) {
    super(
      'Someone else saved this article after you opened it. Your text is still here: reload their version or overwrite it with yours.',
      409,
    );
    this.name = 'ArticleConflictError';
  }
}

function fieldError(field: string, message: string): UserError {
  return new UserError(message, 400, { [field]: [message] });
}

function ownArticleCondition(viewerId: string): SQL {
  return or(
    eq(articles.createdBy, viewerId),
    sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${viewerId})`,
  )!;
}

async function isOwn(db: Tx | Awaited<ReturnType<typeof getDb>>, viewerId: string, articleId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.id, articleId), ownArticleCondition(viewerId)))
    .limit(1);
  return !!row;
}

/** Throws unless the viewer may open this article in the editor. */
async function assertCanOpen(viewer: Viewer, articleId: string) {
  const db = await getDb();
  const [row] = await db.select({ id: articles.id, status: articles.status }).from(articles).where(eq(articles.id, articleId)).limit(1);
  if (!row) throw new NotFoundError('That article does not exist.');
  if (!has(viewer, 'articles:edit-any') && !(await isOwn(db, viewer.id, articleId))) {
    throw new ForbiddenError('You can only open your own articles.');
  }
  return row;
}

export type AdminArticleFilter = { q?: string; status?: ArticleStatus; authorId?: string; categoryId?: string; page?: number };

export async function listAdminArticles(filter: AdminArticleFilter) {
  const viewer = await requireStaff('articles:write-own');
  const db = await getDb();
  const conds: SQL[] = [];
  if (!has(viewer, 'articles:edit-any')) conds.push(ownArticleCondition(viewer.id));
  const q = filter.q?.trim().slice(0, 200);
  if (q) {
    conds.push(
      or(
        ilike(articles.title, `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`),
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
  const page = Math.max(1, filter.page ?? 1);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(articles)
    .where(where);
  const rows = await db
    .select({
      id: articles.id,
      title: articles.title,
      slug: articles.slug,
      status: articles.status,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      submittedAt: articles.submittedAt,
      commentCount: articles.commentCount,
      categoryName: categories.name,
    })
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(where)
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(ADMIN_PER_PAGE)
    .offset((page - 1) * ADMIN_PER_PAGE);
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
    total,
    page,
    pages: Math.max(1, Math.ceil(total / ADMIN_PER_PAGE)),
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

/** "2026-11-24T20:15" typed in a browser whose getTimezoneOffset() is tzOffset, as an instant. */
export function parseLocalDateTime(value: string, tzOffset: number): Date | null | 'invalid' {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return 'invalid';
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  if (Number.isNaN(utc)) return 'invalid';
  return new Date(utc + tzOffset * 60_000);
}

type Existing = typeof articles.$inferSelect;

function resolvePublication(viewer: Viewer, input: ArticleForm, existing: Existing | null, now: Date) {
  const canPublish = has(viewer, 'articles:publish');
  const submittedAt = input.intent === 'submit' ? now : (existing?.submittedAt ?? null);
  if (!canPublish) {
    if (existing && existing.status !== 'draft') {
      throw new ForbiddenError('This article is no longer a draft: only an editor can change it now.');
    }
    if (input.status !== 'draft') throw new ForbiddenError('Only editors can schedule or publish. Submit the draft for review instead.');
    return { status: 'draft' as const, publishedAt: null, submittedAt };
  }
  const at = parseLocalDateTime(input.publishAt, input.tzOffset);
  if (at === 'invalid') throw fieldError('publishAt', 'Enter a valid date and time.');
  switch (input.status) {
    case 'draft':
      return { status: 'draft' as const, publishedAt: at, submittedAt };
    case 'scheduled':
      if (!at) throw fieldError('publishAt', 'Choose the date and time to publish it.');
      if (at.getTime() <= now.getTime()) {
        throw fieldError('publishAt', 'That publication time is in the past: choose a time in the future to schedule the article.');
      }
      return { status: 'scheduled' as const, publishedAt: at, submittedAt: null };
    case 'published': {
      if (at && at.getTime() > now.getTime()) {
        throw fieldError('publishAt', 'That time is in the future: choose "Scheduled" to publish it later.');
      }
      const kept = existing?.publishedAt && existing.publishedAt.getTime() <= now.getTime() ? existing.publishedAt : null;
      return { status: 'published' as const, publishedAt: at ?? kept ?? now, submittedAt: null };
    }
    case 'archived':
      return { status: 'archived' as const, publishedAt: existing?.publishedAt ?? at, submittedAt: null };
  }
}

async function resolveSlug(tx: Tx, input: ArticleForm, existing: Existing | null): Promise<string> {
  if (input.slug) {
    const [taken] = await tx
      .select({ id: articles.id, title: articles.title })
      .from(articles)
      .where(and(eq(articles.slug, input.slug), existing ? sql`${articles.id} <> ${existing.id}` : undefined))
      .limit(1);
    if (taken) throw fieldError('slug', `The slug "${input.slug}" is already used by “${taken.title}”. Choose another.`);
    return input.slug;
  }
  if (existing) return existing.slug;
  const base = slugify(input.title) || 'article';
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const [taken] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, candidate)).limit(1);
    if (!taken) return candidate;
  }
  throw fieldError('slug', 'Choose a slug: the generated ones are all taken.');
}

function parseTagNames(raw: string): { name: string; slug: string }[] {
  const seen = new Map<string, string>();
  for (const part of raw.split(',')) {
    const name = part.trim().replace(/\s+/g, ' ').slice(0, 50);
    const slug = slugify(name, 50);
    if (slug && !seen.has(slug)) seen.set(slug, name);
  }
  if (seen.size > 20) throw fieldError('tags', 'Use at most 20 tags.');
  return [...seen].map(([slug, name]) => ({ slug, name }));
}

async function resolveTags(tx: Tx, viewer: Viewer, raw: string): Promise<{ ids: string[]; created: boolean }> {
  const wanted = parseTagNames(raw);
  if (wanted.length === 0) return { ids: [], created: false };
  const found = await tx
    .select({ id: tags.id, slug: tags.slug })
    .from(tags)
    .where(
      inArray(
        tags.slug,
        wanted.map((t) => t.slug),
      ),
    );
  const missing = wanted.filter((t) => !found.some((f) => f.slug === t.slug));
  if (missing.length && !has(viewer, 'taxonomy:manage')) {
    throw fieldError(
      'tags',
      `Only editors can create new tags (${missing.map((t) => t.name).join(', ')}). Use existing tags or ask an editor.`,
    );
  }
  if (missing.length) {
    await tx.insert(tags).values(missing).onConflictDoNothing();
  }
  const all = await tx
    .select({ id: tags.id, slug: tags.slug })
    .from(tags)
    .where(
      inArray(
        tags.slug,
        wanted.map((t) => t.slug),
      ),
    );
  return { ids: wanted.map((w) => all.find((a) => a.slug === w.slug)!.id), created: missing.length > 0 };
}

async function resolveAuthors(tx: Tx, viewer: Viewer, input: ArticleForm, existing: Existing | null): Promise<string[]> {
  const ids = [...new Set(input.authorIds)];
  // Authors cannot change the byline; an editor who leaves it empty keeps the current one.
  if (!has(viewer, 'articles:edit-any') || ids.length === 0) {
    if (!existing) return [viewer.id];
    const rows = await tx
      .select({ userId: articleAuthors.userId })
      .from(articleAuthors)
      .where(eq(articleAuthors.articleId, existing.id))
      .orderBy(asc(articleAuthors.position));
    return rows.length ? rows.map((r) => r.userId) : [viewer.id];
  }
  const valid = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), inArray(users.role, ['author', 'editor', 'admin']), sql`${users.deletedAt} is null`));
  if (valid.length !== ids.length) throw fieldError('authorIds', 'Choose authors from the newsroom staff.');
  return ids;
}

type StoredPoint = { id: string; quote: string; prefix: string; suffix: string };

/**
 * Each feedback point's passage in the new text (lib/anchoring). A point kept from before is re-anchored
 * from its stored quote and context, so edits around (or a word inside) its passage keep it; a point whose
 * passage was deleted is refused with a message. A newly selected passage must be in the text as selected.
 */
function resolveFeedbackPoints(input: ArticleForm, text: string, stored: StoredPoint[]) {
  const n = Math.max(input.fpQuote.length, input.fpQuestion.length);
  const rows: { id: string | null; quote: string; question: string; prefix: string; suffix: string }[] = [];
  for (let i = 0; i < n; i++) {
    const quote = (input.fpQuote[i] ?? '').replace(/\s+/g, ' ').trim();
    const question = (input.fpQuestion[i] ?? '').trim();
    if (!quote && !question) continue;
    if (!quote || !question) throw fieldError('feedbackPoints', 'Each feedback point needs both a quoted passage and a question.');
    const id = input.fpId[i] || null;
    // The editor only asks new questions of existing points (components/admin/editor/feedback-points.tsx),
    // and the quote it posts may predate its last save: the stored anchor is what follows the text.
    const before = id ? stored.find((p) => p.id === id) : undefined;
    let anchor: TextAnchor | null;
    if (before) {
      anchor = reanchor(text, { exact: before.quote, prefix: before.prefix, suffix: before.suffix });
      if (!anchor)
        throw fieldError(
          'feedbackPoints',
          `The passage “${before.quote.slice(0, 60)}” was taken out of the text: remove its feedback point or select the passage again.`,
        );
    } else {
      const at = locateAnchor(text, { exact: quote, prefix: '', suffix: '' });
      const found = at && text.slice(at.start, at.end).replace(/\s+/g, ' ').trim() === quote;
      if (!found)
        throw fieldError('feedbackPoints', `The passage “${quote.slice(0, 60)}” does not appear word for word in the article text.`);
      anchor = describeRange(text, at.start, at.end);
    }
    rows.push({ id, quote: anchor.exact, question, prefix: anchor.prefix, suffix: anchor.suffix });
  }
  return rows;
}

async function writeRelations(
  tx: Tx,
  viewer: Viewer,
  articleId: string,
  tagIds: string[],
  authorIds: string[],
  points: ReturnType<typeof resolveFeedbackPoints>,
) {
  await tx.delete(articleTags).where(eq(articleTags.articleId, articleId));
  if (tagIds.length) await tx.insert(articleTags).values(tagIds.map((tagId) => ({ articleId, tagId })));
  await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId));
  await tx.insert(articleAuthors).values(authorIds.map((userId, position) => ({ articleId, userId, position })));

  const keep = points.map((p) => p.id).filter((x): x is string => !!x);
  await tx
    .delete(feedbackPoints)
    .where(and(eq(feedbackPoints.articleId, articleId), keep.length ? notInArray(feedbackPoints.id, keep) : undefined));
  for (const p of points) {
    const values = { quote: p.quote, question: p.question, prefix: p.prefix, suffix: p.suffix };
    if (p.id) {
      const updated = await tx
        .update(feedbackPoints)
        .set(values)
        .where(and(eq(feedbackPoints.id, p.id), eq(feedbackPoints.articleId, articleId)))
        .returning({ id: feedbackPoints.id });
      if (updated.length) continue;
    }
    await tx.insert(feedbackPoints).values({ ...values, articleId, createdBy: viewer.id });
  }
}

function auditView(
  a: Pick<
    Existing,
    'title' | 'slug' | 'status' | 'publishedAt' | 'dek' | 'categoryId' | 'commentsOpen' | 'version' | 'body' | 'coverImage'
  >,
  extra: object = {},
) {
  return {
    title: a.title,
    slug: a.slug,
    status: a.status,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    dek: a.dek,
    categoryId: a.categoryId,
    commentsOpen: a.commentsOpen,
    coverImage: a.coverImage,
    version: a.version,
    bodyChars: a.body.length,
    ...extra,
  };
}

export type SaveResult = { id: string; version: number; slug: string; status: ArticleStatus; createdTags: boolean };

async function prepare(tx: Tx, viewer: Viewer, input: ArticleForm, existing: Existing | null, now: Date) {
  const publication = resolvePublication(viewer, input, existing, now);
  if (input.categoryId) {
    const [cat] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.categoryId)).limit(1);
    if (!cat) throw fieldError('categoryId', 'That category no longer exists.');
  }
  const body = renderArticleBody(input.bodySource);
  const stored = existing
    ? await tx
        .select({ id: feedbackPoints.id, quote: feedbackPoints.quote, prefix: feedbackPoints.prefix, suffix: feedbackPoints.suffix })
        .from(feedbackPoints)
        .where(eq(feedbackPoints.articleId, existing.id))
    : [];
  const points = resolveFeedbackPoints(input, articleText(body).text, stored);
  const slug = await resolveSlug(tx, input, existing);
  const tagResult = await resolveTags(tx, viewer, input.tags);
  const authorIds = await resolveAuthors(tx, viewer, input, existing);
  return {
    values: {
      // The editor's source is the sanitized HTML itself (Markdown from the fallback textarea is converted once).
      title: input.title,
      slug,
      dek: input.dek,
      body,
      bodySource: body,
      coverImage: input.coverImage || null,
      coverAlt: input.coverAlt,
      categoryId: input.categoryId || null,
      seoTitle: input.seoTitle || null,
      seoDescription: input.seoDescription || null,
      commentsOpen: input.commentsOpen,
      readingMinutes: readingMinutes(body),
      updatedAt: now,
      ...publication,
    },
    points,
    tagIds: tagResult.ids,
    createdTags: tagResult.created,
    authorIds,
  };
}

async function claimSlug(tx: Tx, articleId: string, oldSlug: string | null, newSlug: string) {
  // The slug now belongs to this article: drop any redirect that would shadow it, and keep the old one.
  await tx.delete(articleSlugRedirects).where(eq(articleSlugRedirects.oldSlug, newSlug));
  if (oldSlug && oldSlug !== newSlug) {
    await tx
      .insert(articleSlugRedirects)
      .values({ oldSlug, articleId })
      .onConflictDoUpdate({ target: articleSlugRedirects.oldSlug, set: { articleId, createdAt: new Date() } });
  }
}

export async function createArticle(input: ArticleForm): Promise<SaveResult> {
  const viewer = await requireStaff('articles:write-own');
  const db = await getDb();
  const now = clockNow();
  return db.transaction(async (tx) => {
    const p = await prepare(tx, viewer, input, null, now);
    const [row] = await tx
      .insert(articles)
      .values({ ...p.values, createdBy: viewer.id, createdAt: now, version: 1 })
      .returning();
    await claimSlug(tx, row.id, null, row.slug);
    await writeRelations(tx, viewer, row.id, p.tagIds, p.authorIds, p.points);
    await tx.insert(articleRevisions).values({
      articleId: row.id,
      version: 1,
      title: row.title,
      dek: row.dek,
      body: row.body,
      bodySource: row.bodySource,
      editorId: viewer.id,
    });
    await recordAudit(
      {
        actorId: viewer.id,
        action: input.intent === 'submit' ? 'article.submit' : 'article.create',
        entityType: 'article',
        entityId: row.id,
        before: null,
        after: auditView(row, { tags: input.tags, authorIds: p.authorIds, feedbackPoints: p.points.length }),
      },
      tx,
    );
    return { id: row.id, version: row.version, slug: row.slug, status: row.status, createdTags: p.createdTags };
  });
}

/**
 * Saves the editor's form over version `version`. A stale version raises ArticleConflictError and
 * changes nothing; "overwrite" is a save carrying the version the conflict reported.
 */
export async function saveArticle(id: string, version: number, input: ArticleForm): Promise<SaveResult> {
  const viewer = await requireStaff('articles:write-own');
  await assertCanOpen(viewer, id);
  const db = await getDb();
  const now = clockNow();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(articles).where(eq(articles.id, id)).for('update').limit(1);
    if (!existing) throw new NotFoundError('That article does not exist.');
    if (existing.version !== version) {
      const [rev] = await tx
        .select({ name: users.name, handle: users.handle })
        .from(articleRevisions)
        .leftJoin(users, eq(users.id, articleRevisions.editorId))
        .where(and(eq(articleRevisions.articleId, id), eq(articleRevisions.version, existing.version)))
        .limit(1);
      throw new ArticleConflictError({
        // The stored, sanitized HTML: the conflict notice shows it as it reads.
        version: existing.version,
        title: existing.title,
        dek: existing.dek,
        bodySource: existing.body,
        updatedAt: existing.updatedAt,
        by: rev ? (rev.name ?? rev.handle) : null,
      });
    }
    const p = await prepare(tx, viewer, input, existing, now);
    const [row] = await tx
      .update(articles)
      .set({ ...p.values, version: existing.version + 1 })
      .where(and(eq(articles.id, id), eq(articles.version, version)))
      .returning();
    await claimSlug(tx, id, existing.slug, row.slug);
    await writeRelations(tx, viewer, id, p.tagIds, p.authorIds, p.points);
    await tx.insert(articleRevisions).values({
      articleId: id,
      version: row.version,
      title: row.title,
      dek: row.dek,
      body: row.body,
      bodySource: row.bodySource,
      editorId: viewer.id,
    });
    const action =
      input.intent === 'submit'
        ? 'article.submit'
        : existing.status !== row.status
          ? `article.${row.status === 'published' ? 'publish' : row.status === 'scheduled' ? 'schedule' : row.status === 'archived' ? 'archive' : 'unpublish'}`
          : input.intent === 'overwrite'
            ? 'article.overwrite'
            : 'article.update';
    await recordAudit(
      {
        actorId: viewer.id,
        action,
        entityType: 'article',
        entityId: id,
        before: auditView(existing),
        after: auditView(row, { tags: input.tags, authorIds: p.authorIds, feedbackPoints: p.points.length }),
      },
      tx,
    );
    return { id, version: row.version, slug: row.slug, status: row.status, createdTags: p.createdTags };
  });
}

export async function listRevisions(articleId: string) {
  const viewer = await requireStaff('articles:write-own');
  await assertCanOpen(viewer, articleId);
  const db = await getDb();
  return db
    .select({
      id: articleRevisions.id,
      version: articleRevisions.version,
      title: articleRevisions.title,
      dek: articleRevisions.dek,
      bodySource: sql<string>`coalesce(${articleRevisions.bodySource}, ${articleRevisions.body})`,
      createdAt: articleRevisions.createdAt,
      editor: sql<string | null>`coalesce(${users.name}, ${users.handle})`,
    })
    .from(articleRevisions)
    .leftJoin(users, eq(users.id, articleRevisions.editorId))
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(desc(articleRevisions.version), desc(articleRevisions.id))
    .limit(100);
}

/** Puts an earlier revision's title, standfirst and text back as a new version (nothing is lost). */
export async function restoreRevision(articleId: string, revisionId: number): Promise<SaveResult> {
  const viewer = await requireStaff('articles:write-own');
  await assertCanOpen(viewer, articleId);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(articles).where(eq(articles.id, articleId)).for('update').limit(1);
    if (!existing) throw new NotFoundError('That article does not exist.');
    if (!has(viewer, 'articles:edit-any') && existing.status !== 'draft') {
      throw new ForbiddenError('This article is no longer a draft: only an editor can change it now.');
    }
    const [rev] = await tx
      .select()
      .from(articleRevisions)
      .where(and(eq(articleRevisions.id, revisionId), eq(articleRevisions.articleId, articleId)))
      .limit(1);
    if (!rev) throw new NotFoundError('That revision does not exist.');
    const body = renderArticleBody(rev.bodySource ?? rev.body);
    const [row] = await tx
      .update(articles)
      .set({
        title: rev.title,
        dek: rev.dek,
        body,
        bodySource: body,
        readingMinutes: readingMinutes(body),
        updatedAt: new Date(),
        version: existing.version + 1,
      })
      .where(eq(articles.id, articleId))
      .returning();
    await tx.insert(articleRevisions).values({
      articleId,
      version: row.version,
      title: row.title,
      dek: row.dek,
      body: row.body,
      bodySource: row.bodySource,
      editorId: viewer.id,
    });
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'article.restore',
        entityType: 'article',
        entityId: articleId,
        before: auditView(existing),
        after: auditView(row, { restoredVersion: rev.version }),
      },
      tx,
    );
    return { id: articleId, version: row.version, slug: row.slug, status: row.status, createdTags: false };
  });
}
