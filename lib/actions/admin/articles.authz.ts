import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { articleAuthors, articleRevisions, articles } from '@/db/schema';
import type { AuthzRows } from './authz-types';

/** A fresh draft written by `authorId`, with its first revision: authors may act on it, editors on anything. */
export async function freshDraft(authorId: string): Promise<{ id: string; version: number; revisionId: number }> {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const [a] = await db
    .insert(articles)
    .values({
      slug: `authz-draft-${tag}`,
      title: `Authz draft ${tag}`,
      body: '<p>First text.</p>',
      bodySource: 'First text.',
      status: 'draft',
      createdBy: authorId,
    })
    .returning({ id: articles.id, version: articles.version });
  await db.insert(articleAuthors).values({ articleId: a.id, userId: authorId, position: 0 });
  const [r] = await db
    .insert(articleRevisions)
    .values({
      articleId: a.id,
      version: a.version,
      title: `Authz draft ${tag}`,
      dek: '',
      body: '<p>First text.</p>',
      bodySource: 'First text.',
      editorId: authorId,
    })
    .returning({ id: articleRevisions.id });
  return { id: a.id, version: a.version, revisionId: r.id };
}

const WRITERS = ['author', 'editor', 'admin'] as const;

export const rows: AuthzRows = {
  createArticleAction: {
    allowed: WRITERS,
    fields: () => ({ title: `Matrix article ${randomUUID().slice(0, 8)}`, bodySource: 'Some text.', status: 'draft', intent: 'save' }),
  },
  saveArticleAction: {
    allowed: WRITERS,
    fields: async (ctx) => {
      const d = await freshDraft(ctx.userIds.author);
      return { id: d.id, version: String(d.version), title: 'Matrix edit', bodySource: 'Changed text.', status: 'draft', intent: 'save' };
    },
  },
  restoreRevisionAction: {
    allowed: WRITERS,
    fields: async (ctx) => {
      const d = await freshDraft(ctx.userIds.author);
      return { articleId: d.id, revisionId: String(d.revisionId) };
    },
  },
  previewArticleAction: {
    allowed: WRITERS,
    fields: () => ({ bodySource: '# Heading\n\nSome *text*.' }),
  },
};
