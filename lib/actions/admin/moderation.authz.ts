import { randomUUID } from 'node:crypto';
import { getDb } from '@/db/client';
import { articles, comments, users } from '@/db/schema';
import type { AuthzRows } from './authz-types';

/** A fresh reader to act on (ban, delete, re-role), so an allowed call has something real to change. */
export async function freshUser(role: 'reader' | 'author' = 'reader'): Promise<string> {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const [u] = await db
    .insert(users)
    .values({ email: `authz-${tag}@example.com`, handle: `authz-${tag}`, name: `Target ${tag}`, role })
    .returning({ id: users.id });
  return u.id;
}

/** A fresh held comment (on an article made for it when none exists) by the given author. */
export async function freshComment(authorId: string): Promise<number> {
  const db = await getDb();
  let [a] = await db.select({ id: articles.id }).from(articles).limit(1);
  if (!a) {
    [a] = await db
      .insert(articles)
      .values({ slug: `authz-${randomUUID().slice(0, 8)}`, title: 'Authz fixture', status: 'published', publishedAt: new Date() })
      .returning({ id: articles.id });
  }
  const body = `Held comment ${randomUUID()}`;
  const [c] = await db
    .insert(comments)
    .values({
      articleId: a.id,
      authorId,
      body,
      bodyHtml: `<p>${body}</p>`,
      status: 'pending',
      holdReason: 'Fixture',
      contentHash: randomUUID(),
    })
    .returning({ id: comments.id });
  return c.id;
}

const MODERATORS = ['moderator', 'admin'] as const;

export const rows: AuthzRows = {
  moderateCommentsAction: {
    allowed: MODERATORS,
    fields: async (ctx) => ({ ids: [String(await freshComment(ctx.userIds.reader))], action: 'approve' }),
  },
  rejectCommentAction: {
    allowed: MODERATORS,
    fields: async (ctx) => ({ id: String(await freshComment(ctx.userIds.reader)), reason: 'Off topic.' }),
  },
  editCommentAction: {
    allowed: MODERATORS,
    fields: async (ctx) => ({ id: String(await freshComment(ctx.userIds.reader)), body: 'Edited by the newsroom.' }),
  },
  pinCommentAction: {
    allowed: MODERATORS,
    // Pinning needs an approved comment: unpinning works on any, and still writes (audit entry).
    fields: async (ctx) => ({ id: String(await freshComment(ctx.userIds.reader)), pinned: '' }),
  },
  banUserAction: {
    allowed: MODERATORS,
    fields: async () => ({ userId: await freshUser(), duration: '1', reason: 'Trolling.' }),
  },
  unbanUserAction: {
    allowed: MODERATORS,
    fields: async () => ({ userId: await freshUser() }),
  },
  premoderateUserAction: {
    allowed: MODERATORS,
    fields: async () => ({ userId: await freshUser(), premoderated: 'on' }),
  },
};
