import 'server-only';
/**
 * Revisions: every write stores the article's title, standfirst and text as a numbered revision and audits
 * what changed; a revision can be put back as a new version (nothing is lost).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { articleRevisions, articles, users, type ArticleStatus } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { recordAudit } from '@/lib/dal/audit';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { has, requireStaff } from '../guard';
import { readingMinutes, renderArticleBody } from '../text';
import { assertCanOpen } from './access';
import { articleWriteTags } from './cache';
import type { Existing } from './publication';

/** What a save (or a restore) made of the article. */
export type SaveResult = { id: string; version: number; slug: string; status: ArticleStatus; createdTags: boolean };

type Audited = Pick<
  Existing,
  'title' | 'slug' | 'status' | 'publishedAt' | 'dek' | 'categoryId' | 'commentsOpen' | 'version' | 'body' | 'coverImage'
>;

/** What the audit log keeps of an article before and after a write. */
export function auditView(a: Audited, extra: object = {}) {
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

/** Stores the article as just written as its revision `row.version`. */
export async function insertRevision(tx: Tx, row: Existing, editorId: string) {
  await tx.insert(articleRevisions).values({
    articleId: row.id,
    version: row.version,
    title: row.title,
    dek: row.dek,
    body: row.body,
    bodySource: row.bodySource,
    editorId,
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
  const saved = await db.transaction(async (tx) => {
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
    await insertRevision(tx, row, viewer.id);
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
  await invalidate(articleWriteTags(saved));
  return saved;
}
