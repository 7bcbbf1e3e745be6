import 'server-only';
/**
 * Saving the editor's form: create, or save over the version the editor loaded (optimistic concurrency:
 * a stale version raises ArticleConflictError and changes nothing). Each write is one transaction with its
 * revision and audit entry, then dirties the cache tags of what it changed (./cache.ts).
 */
import { and, eq } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { articleRevisions, articles, categories, feedbackPoints, users } from '@/db/schema';
import { articleText } from '@/lib/anchoring/html';
import { invalidate } from '@/lib/cache-invalidate';
import { now as clockNow } from '@/lib/clock';
import { recordAudit } from '@/lib/dal/audit';
import type { Viewer } from '@/lib/dal/session';
import { NotFoundError, UserError } from '@/lib/errors';
import type { ArticleForm } from '@/lib/validation/admin';
import { requireStaff } from '../guard';
import { readingMinutes, renderArticleBody } from '../text';
import { assertCanOpen, fieldError } from './access';
import { articleWriteTags } from './cache';
import { resolveFeedbackPoints, writeFeedbackPoints } from './feedback-points';
import { resolvePublication, type Existing } from './publication';
import { claimSlug, resolveAuthors, resolveSlug, resolveTags, writeTagsAndAuthors } from './relations';
import { auditView, insertRevision, type SaveResult } from './revisions';

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

export async function createArticle(input: ArticleForm): Promise<SaveResult> {
  const viewer = await requireStaff('articles:write-own');
  const db = await getDb();
  const now = clockNow();
  const saved = await db.transaction(async (tx) => {
    const p = await prepare(tx, viewer, input, null, now);
    const [row] = await tx
      .insert(articles)
      .values({ ...p.values, createdBy: viewer.id, createdAt: now, version: 1 })
      .returning();
    await claimSlug(tx, row.id, null, row.slug);
    await writeTagsAndAuthors(tx, row.id, p.tagIds, p.authorIds);
    await writeFeedbackPoints(tx, row.id, viewer.id, p.points);
    await insertRevision(tx, row, viewer.id);
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
  await invalidate(articleWriteTags(saved, { createdTags: saved.createdTags }));
  return saved;
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
  const { saved, oldSlug } = await db.transaction(async (tx) => {
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
    await writeTagsAndAuthors(tx, id, p.tagIds, p.authorIds);
    await writeFeedbackPoints(tx, id, viewer.id, p.points);
    await insertRevision(tx, row, viewer.id);
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
    const result: SaveResult = { id, version: row.version, slug: row.slug, status: row.status, createdTags: p.createdTags };
    return { saved: result, oldSlug: existing.slug };
  });
  await invalidate(articleWriteTags(saved, { oldSlug, createdTags: saved.createdTags }));
  return saved;
}
