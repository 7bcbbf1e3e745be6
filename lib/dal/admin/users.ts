import 'server-only';
/**
 * User management. Moderators find and view users (to act on their commenting rights); only admins
 * change roles, end sessions and delete accounts. A role change or deletion dirties every page that shows
 * the user (tagsShowingUser).
 */
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { articles, auditLog, comments, pledges, users, type Role } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { recordAudit } from '@/lib/dal/audit';
import { bumpSessionVersion, eraseUser, tagsShowingUser } from '@/lib/dal/users';
import type { Viewer } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import { likeLiteral, paged } from '@/lib/dal/lists';
import { requireStaff } from './guard';

export const USERS_PER_PAGE = 25;

export type UserFilter = { q?: string; role?: Role; status?: 'banned' | 'premoderated' | 'deleted'; page?: number };

/** One row of the user list, with how much each person wrote and pledged. */
const userListColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  handle: users.handle,
  role: users.role,
  createdAt: users.createdAt,
  bannedUntil: users.bannedUntil,
  premoderated: users.premoderated,
  deletedAt: users.deletedAt,
  // Spelled out: inside a subquery drizzle leaves column names unqualified, and "id" would mean comments.id.
  comments: sql<number>`(select count(*)::int from comments c where c.author_id = "users"."id")`,
  pledges: sql<number>`(select count(*)::int from pledges p where p.user_id = "users"."id")`,
};

export async function listUsers(filter: UserFilter) {
  await requireStaff('users:moderate');
  const db = await getDb();
  const conds: SQL[] = [];
  const q = filter.q?.trim().replace(/^@/, '').slice(0, 200);
  if (q) {
    const like = `%${likeLiteral(q)}%`;
    conds.push(or(ilike(users.email, like), ilike(users.handle, like), ilike(users.name, like))!);
  }
  if (filter.role) conds.push(eq(users.role, filter.role));
  if (filter.status === 'banned') conds.push(sql`${users.bannedUntil} > now()`);
  if (filter.status === 'premoderated') conds.push(eq(users.premoderated, true));
  conds.push(filter.status === 'deleted' ? sql`${users.deletedAt} is not null` : sql`${users.deletedAt} is null`);
  const where = and(...conds);
  return paged(
    db.select(userListColumns).from(users).where(where).orderBy(desc(users.createdAt), users.id).$dynamic(),
    db.$count(users, where),
    filter.page,
    USERS_PER_PAGE,
  );
}

/** A user's page for moderators: the account, its standing and its sessions' version. */
const userDetailColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  handle: users.handle,
  role: users.role,
  bio: users.bio,
  createdAt: users.createdAt,
  emailVerified: users.emailVerified,
  bannedUntil: users.bannedUntil,
  banReason: users.banReason,
  premoderated: users.premoderated,
  deletedAt: users.deletedAt,
  sessionVersion: users.sessionVersion,
};

/** One of the user's recent comments, in any status, with the article it is on. */
const recentCommentColumns = {
  id: comments.id,
  body: comments.body,
  status: comments.status,
  createdAt: comments.createdAt,
  articleTitle: articles.title,
  articleSlug: articles.slug,
};

export async function getUserDetail(id: string) {
  const viewer = await requireStaff('users:moderate');
  const db = await getDb();
  const [u] = await db.select(userDetailColumns).from(users).where(eq(users.id, id)).limit(1);
  if (!u) throw new NotFoundError('That user does not exist.');
  const [[counts], recent, [{ articlesCount }], history, [pledgeCounts]] = await Promise.all([
    db
      .select({
        approved: sql<number>`count(*) filter (where ${comments.status} = 'approved')::int`,
        pending: sql<number>`count(*) filter (where ${comments.status} = 'pending')::int`,
        rejected: sql<number>`count(*) filter (where ${comments.status} in ('spam', 'trash'))::int`,
      })
      .from(comments)
      .where(eq(comments.authorId, id)),
    db
      .select(recentCommentColumns)
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.authorId, id))
      .orderBy(desc(comments.createdAt))
      .limit(10),
    db
      .select({ articlesCount: sql<number>`count(*)::int` })
      .from(articles)
      .where(eq(articles.createdBy, id)),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        createdAt: auditLog.createdAt,
        actorHandle: sql<string | null>`(select handle from ${users} a where a.id = ${auditLog.actorId})`,
      })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, id)))
      .orderBy(desc(auditLog.createdAt))
      .limit(20),
    db
      .select({ pledges: sql<number>`count(*)::int` })
      .from(pledges)
      .where(eq(pledges.userId, id)),
  ]);
  return { user: u, counts, recent, articlesCount, history, pledges: pledgeCounts, viewerId: viewer.id, viewerRole: viewer.role };
}

async function loadForAdmin(tx: Tx, viewer: Viewer, userId: string) {
  const [u] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!u || u.deletedAt) throw new NotFoundError('That user does not exist.');
  if (u.id === viewer.id) throw new ForbiddenError('You cannot do that to your own account: ask another admin.');
  return u;
}

/** Changes a user's role; their sessions end so the new role applies at once. */
export async function changeRole(userId: string, role: Role) {
  const viewer = await requireStaff('users:manage');
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const u = await loadForAdmin(tx, viewer, userId);
    if (u.role === role)
      throw new UserError(`${u.handle} is already ${role === 'admin' || role === 'author' || role === 'editor' ? 'an' : 'a'} ${role}.`);
    await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
    await bumpSessionVersion(userId, tx);
    await recordAudit(
      { actorId: viewer.id, action: 'user.role', entityType: 'user', entityId: userId, before: { role: u.role }, after: { role } },
      tx,
    );
    return { userId };
  });
  await invalidate(await tagsShowingUser(userId));
  return result;
}

/** Ends every session of the user (they must sign in again). */
export async function forceSignOut(userId: string) {
  const viewer = await requireStaff('users:manage');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const u = await loadForAdmin(tx, viewer, userId);
    const sessionVersion = await bumpSessionVersion(userId, tx);
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'user.signout',
        entityType: 'user',
        entityId: userId,
        before: { sessionVersion: u.sessionVersion },
        after: { sessionVersion },
      },
      tx,
    );
    return { userId };
  });
}

/**
 * Soft-deletes an account: it can no longer sign in, its sessions end, and its address and handle are
 * released; comments and articles stay (shown under the anonymised handle), pledges anonymous on donor walls.
 */
export async function deleteUser(userId: string) {
  const viewer = await requireStaff('users:manage');
  const db = await getDb();
  const { tags, ...result } = await db.transaction(async (tx) => {
    const u = await loadForAdmin(tx, viewer, userId);
    const dirtied = await eraseUser(tx, u);
    await bumpSessionVersion(userId, tx);
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'user.delete',
        entityType: 'user',
        entityId: userId,
        before: { email: u.email, handle: u.handle, name: u.name, role: u.role },
        after: { deleted: true, handle: `deleted-${u.id.slice(0, 8)}` },
      },
      tx,
    );
    return { userId, tags: dirtied };
  });
  await invalidate(tags);
  return result;
}
