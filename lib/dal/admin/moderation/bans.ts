import 'server-only';
/**
 * Users' commenting rights (users:moderate): bans (for some days, until a date, or for good; sessions end
 * at once) and pre-moderation. Moderators act on readers only, admins on staff too, nobody on themselves.
 * A ban or its end dirties the user's cache tag (their profile says so).
 */
import { eq } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { users } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { TAGS } from '@/lib/cache-tags';
import { recordAudit } from '@/lib/dal/audit';
import { bumpSessionVersion } from '@/lib/dal/users';
import type { Viewer } from '@/lib/dal/session';
import { ForbiddenError, NotFoundError, UserError } from '@/lib/errors';
import { has, requireStaff } from '../guard';

/** A ban "for good" ends in the year 9999 (assertNotBanned words it as permanent). */
export const FOREVER = new Date('9999-12-31T23:59:59Z');

/** Moderators act on readers' commenting rights; only admins on staff; nobody on themselves. */
async function loadTarget(tx: Tx, viewer: Viewer, userId: string) {
  const [u] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!u || u.deletedAt) throw new NotFoundError('That user does not exist.');
  if (u.id === viewer.id) throw new ForbiddenError('You cannot do that to your own account.');
  if (u.role !== 'reader' && !has(viewer, 'users:manage')) throw new ForbiddenError('Only an admin can restrict a staff account.');
  return u;
}

function banView(u: { bannedUntil: Date | null; banReason: string | null }) {
  return { bannedUntil: u.bannedUntil?.toISOString() ?? null, banReason: u.banReason };
}

/**
 * Bans a user for `duration` days, until a date, or for good; their sessions end at once (session
 * version bumped) and their next comment, vote or pledge is refused with the reason and the end.
 */
export async function banUser(userId: string, duration: number | 'forever' | Date, reason: string) {
  const viewer = await requireStaff('users:moderate');
  const why = reason.trim();
  if (!why) throw new UserError('Give a reason: the user will see it.', 400, { reason: ['Give a reason: the user will see it.'] });
  const bannedUntil = duration === 'forever' ? FOREVER : duration instanceof Date ? duration : new Date(Date.now() + duration * 86_400_000);
  if (Number.isNaN(bannedUntil.getTime()) || bannedUntil.getTime() <= Date.now()) {
    throw new UserError('The ban must end in the future.', 400, { until: ['The ban must end in the future.'] });
  }
  reason = why;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const u = await loadTarget(tx, viewer, userId);
    await tx.update(users).set({ bannedUntil, banReason: reason, updatedAt: new Date() }).where(eq(users.id, userId));
    await bumpSessionVersion(userId, tx);
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'user.ban',
        entityType: 'user',
        entityId: userId,
        before: banView(u),
        after: {
          ...banView({ bannedUntil, banReason: reason }),
          days: typeof duration === 'number' ? duration : duration === 'forever' ? 'forever' : null,
        },
      },
      tx,
    );
    return { userId, bannedUntil };
  });
  await invalidate([TAGS.user(userId)]);
  return result;
}

export async function unbanUser(userId: string) {
  const viewer = await requireStaff('users:moderate');
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const u = await loadTarget(tx, viewer, userId);
    await tx.update(users).set({ bannedUntil: null, banReason: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(
      {
        actorId: viewer.id,
        action: 'user.unban',
        entityType: 'user',
        entityId: userId,
        before: banView(u),
        after: banView({ bannedUntil: null, banReason: null }),
      },
      tx,
    );
    return { userId };
  });
  await invalidate([TAGS.user(userId)]);
  return result;
}

/** Holds every future comment of the user for moderation (or stops doing so). */
export async function setPremoderated(userId: string, premoderated: boolean) {
  const viewer = await requireStaff('users:moderate');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const u = await loadTarget(tx, viewer, userId);
    await tx.update(users).set({ premoderated, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordAudit(
      {
        actorId: viewer.id,
        action: premoderated ? 'user.premoderate' : 'user.unpremoderate',
        entityType: 'user',
        entityId: userId,
        before: { premoderated: u.premoderated },
        after: { premoderated },
      },
      tx,
    );
    return { userId };
  });
}
