/**
 * Writing imported comments, whatever system they come from (WordPress, Disqus): guest commenters as reader
 * accounts without a password, threads rebuilt from parent ids, and the counters the comments DAL keeps.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articles, comments, importMap, users, type CommentStatus } from '@/db/schema';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import { hashBody } from '@/lib/dal/comments';
import { uniqueHandle } from '@/lib/dal/users';
import { decodeHTML } from 'entities';

export const checksum = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32);

export async function mappedId(tx: DbOrTx, source: string, kind: string, externalId: string) {
  const [row] = await tx
    .select()
    .from(importMap)
    .where(and(eq(importMap.source, source), eq(importMap.kind, kind), eq(importMap.externalId, externalId)))
    .limit(1);
  return row ?? null;
}

export async function rememberId(tx: DbOrTx, source: string, kind: string, externalId: string, localId: string, sum: string) {
  await tx
    .insert(importMap)
    .values({ source, kind, externalId, localId, checksum: sum })
    .onConflictDoUpdate({
      target: [importMap.source, importMap.kind, importMap.externalId],
      set: { localId, checksum: sum, importedAt: new Date() },
    });
}

/** HTML of an old comment as the Markdown our comments store. */
export function commentMarkdown(html: string): string {
  const text = html
    .replace(/\r\n?/g, '\n')
    .replace(
      /<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gi,
      (_m, href: string, label: string) => `[${label.replace(/<[^>]+>/g, '')}](${href})`,
    )
    .replace(/<\/?(?:strong|b)>/gi, '**')
    .replace(/<\/?(?:em|i)>/gi, '*')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '');
  return decodeHTML(text)
    .replace(/\u00a0/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A guest commenter (a name and maybe an address, no account here) as a reader account without a password:
 * one per address, so the person can claim it later with "forgot password". No address: one per name.
 */
export async function guestUserId(tx: DbOrTx, name: string, email: string): Promise<string> {
  const display = name.trim() || 'Anonymous';
  const address = (email.trim() || `guest-${createHash('sha1').update(display).digest('hex').slice(0, 12)}@imported.invalid`).toLowerCase();
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${address}`)
    .limit(1);
  if (existing) return existing.id;
  const [u] = await tx
    .insert(users)
    .values({ email: address, name: display, handle: await uniqueHandle(display, tx), role: 'reader', passwordHash: null })
    .returning({ id: users.id });
  return u.id;
}

export type ImportedComment = {
  source: string;
  externalId: string;
  /** The parent's external id (same source), or null for a top-level comment. */
  parentExternalId: string | null;
  articleId: string;
  authorId: string | null;
  body: string;
  status: CommentStatus;
  createdAt: Date;
  upvotes?: number;
  downvotes?: number;
  deleted?: boolean;
};

/** Creates or updates one imported comment; what happened, for the report. */
export async function upsertComment(tx: DbOrTx, c: ImportedComment): Promise<'created' | 'updated' | 'unchanged'> {
  const sum = checksum({ ...c, createdAt: c.createdAt.toISOString() });
  const known = await mappedId(tx, c.source, 'comment', c.externalId);
  const votes = { upvotes: c.upvotes ?? 0, downvotes: c.downvotes ?? 0, score: (c.upvotes ?? 0) - (c.downvotes ?? 0) };
  // A comment deleted at the source keeps its place in the thread as "comment deleted", without its text.
  const text = c.deleted
    ? { body: '', bodyHtml: '', contentHash: hashBody(''), deletedAt: c.createdAt }
    : { body: c.body, bodyHtml: renderCommentMarkdown(c.body), contentHash: hashBody(c.body), deletedAt: null };
  if (known) {
    if (known.checksum === sum) return 'unchanged';
    await tx
      .update(comments)
      .set({ ...text, status: c.status, ...votes })
      .where(eq(comments.id, Number(known.localId)));
    await rememberId(tx, c.source, 'comment', c.externalId, known.localId, sum);
    return 'updated';
  }
  let parentId: number | null = null;
  let rootId: number | null = null;
  let depth = 0;
  if (c.parentExternalId) {
    const parent = await mappedId(tx, c.source, 'comment', c.parentExternalId);
    if (!parent) throw new Error(`its parent comment ${c.parentExternalId.replace(/^.*#/, '')} is not in the export or was skipped`);
    const [pr] = await tx
      .select({ id: comments.id, rootId: comments.rootId, depth: comments.depth })
      .from(comments)
      .where(eq(comments.id, Number(parent.localId)));
    parentId = pr.id;
    rootId = pr.rootId ?? pr.id;
    depth = pr.depth + 1;
  }
  const [row] = await tx
    .insert(comments)
    .values({
      articleId: c.articleId,
      parentId,
      rootId,
      depth,
      authorId: c.authorId,
      ...text,
      status: c.status,
      createdAt: c.createdAt,
      ...votes,
    })
    .returning({ id: comments.id });
  if (!rootId) await tx.update(comments).set({ rootId: row.id }).where(eq(comments.id, row.id));
  await rememberId(tx, c.source, 'comment', c.externalId, String(row.id), sum);
  return 'created';
}

/** Orders comments so that every parent comes before its replies (then by date). */
export function parentsFirst<T extends { id: string; parentId: string | null; date: Date | null }>(list: T[]): T[] {
  const byId = new Map(list.map((x) => [x.id, x]));
  const depth = (x: T, seen = new Set<string>()): number => {
    const parent = x.parentId ? byId.get(x.parentId) : undefined;
    if (!parent || seen.has(x.id)) return 0;
    seen.add(x.id);
    return 1 + depth(parent, seen);
  };
  return [...list].sort((a, b) => depth(a) - depth(b) || (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0));
}

/** The article's counters, as the comments DAL keeps them: approved comments, and approved replies per comment. */
export async function recountComments(tx: DbOrTx, articleId: string): Promise<void> {
  await tx.execute(
    sql`update ${comments} c set reply_count = (select count(*) from ${comments} r where r.parent_id = c.id and r.status = 'approved') where c.article_id = ${articleId}`,
  );
  await tx.execute(
    sql`update ${articles} set comment_count = (select count(*) from ${comments} where article_id = ${articleId} and status = 'approved') where id = ${articleId}`,
  );
}
