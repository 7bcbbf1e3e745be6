import 'server-only';
/**
 * "Notify me": subscriptions to an article's comments (all new comments, or only replies to mine), mention
 * and reply preferences, and the notifications queue.
 *
 * A new approved comment queues one `notifications` row per recipient (in the comment's transaction). The
 * mail that follows is composed and sent by lib/mail/comment-notifications.ts, which claims what is due
 * here (claimDueNotifications); lib/jobs/notification-flush.ts runs it every minute.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, queryRows, type DbOrTx } from '@/db/client';
import { articles, comments, notifications, subscriptions, users, type NotificationPrefs } from '@/db/schema';
import { newSubscriptionToken, parsePrefToken } from '@/lib/comments/tokens';
import { loadSettings } from '@/lib/settings';
import { assertNotBanned, assertVerified, type Viewer } from '@/lib/dal/session';

export type SubscriptionKind = 'all' | 'replies';

export async function getSubscription(userId: string, articleId: string): Promise<SubscriptionKind | null> {
  const db = await getDb();
  const [row] = await db
    .select({ kind: subscriptions.kind })
    .from(subscriptions)
    .where(and(eq(subscriptions.userId, userId), eq(subscriptions.articleId, articleId)))
    .limit(1);
  return row?.kind ?? null;
}

/** Subscribe (or change the kind), or 'none' to unsubscribe. Idempotent: one row per user and article. */
export async function setSubscription(viewer: Viewer, articleId: string, kind: SubscriptionKind | 'none') {
  const db = await getDb();
  if (kind === 'none') {
    await db.delete(subscriptions).where(and(eq(subscriptions.userId, viewer.id), eq(subscriptions.articleId, articleId)));
    return;
  }
  assertNotBanned(viewer);
  assertVerified(viewer, 'get emails about comments');
  const [a] = await db.select({ id: articles.id }).from(articles).where(eq(articles.id, articleId)).limit(1);
  if (!a) throw new Error('article not found');
  await db
    .insert(subscriptions)
    .values({ userId: viewer.id, articleId, kind, unsubscribeToken: newSubscriptionToken() })
    .onConflictDoUpdate({ target: [subscriptions.userId, subscriptions.articleId], set: { kind } });
}

export type MySubscription = { id: string; articleId: string; slug: string; title: string; kind: SubscriptionKind; createdAt: Date };

/** The user's subscriptions, for account settings. */
export async function listSubscriptions(userId: string): Promise<MySubscription[]> {
  const db = await getDb();
  return db
    .select({
      id: subscriptions.id,
      articleId: subscriptions.articleId,
      slug: articles.slug,
      title: articles.title,
      kind: subscriptions.kind,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .innerJoin(articles, eq(articles.id, subscriptions.articleId))
    .where(eq(subscriptions.userId, userId))
    .orderBy(sql`${subscriptions.createdAt} desc`);
}

/** Removes one of the user's own subscriptions (scoped by user id: nobody else's). */
export async function removeSubscription(userId: string, subscriptionId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .delete(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.userId, userId)))
    .returning({ id: subscriptions.id });
  return rows.length > 0;
}

export type UnsubscribeTarget =
  | { kind: 'subscription'; title: string; slug: string; subscriptionKind: SubscriptionKind; userId: string }
  | { kind: 'pref'; pref: 'mentions' | 'replies'; userId: string };

/** What an unsubscribe token stands for (null: unknown or already used). Reading does not change anything. */
export async function describeUnsubscribeToken(token: string): Promise<UnsubscribeTarget | null> {
  if (!token || token.length > 300) return null;
  const pref = parsePrefToken(token);
  if (pref) return { kind: 'pref', pref: pref.pref, userId: pref.userId };
  const db = await getDb();
  const [row] = await db
    .select({ title: articles.title, slug: articles.slug, kind: subscriptions.kind, userId: subscriptions.userId })
    .from(subscriptions)
    .innerJoin(articles, eq(articles.id, subscriptions.articleId))
    .where(eq(subscriptions.unsubscribeToken, token))
    .limit(1);
  return row ? { kind: 'subscription', title: row.title, slug: row.slug, subscriptionKind: row.kind, userId: row.userId } : null;
}

/** One-click unsubscribe: removes the subscription, or turns the preference off. True when something changed. */
export async function unsubscribeWithToken(token: string): Promise<boolean> {
  if (!token || token.length > 300) return false;
  const db = await getDb();
  const pref = parsePrefToken(token);
  if (pref) {
    const rows = await db
      .update(users)
      .set({
        notificationPrefs: sql`coalesce(${users.notificationPrefs}, '{}'::jsonb) || ${JSON.stringify({ [pref.pref]: false })}::jsonb`,
      })
      .where(eq(users.id, pref.userId))
      .returning({ id: users.id });
    return rows.length > 0;
  }
  const rows = await db.delete(subscriptions).where(eq(subscriptions.unsubscribeToken, token)).returning({ id: subscriptions.id });
  return rows.length > 0;
}

// ------------------------------------------------------------------------------------------------
// The notifications queue

/** Queues notifications for a new approved comment (called inside the comment's transaction). */
export async function queueNotifications(
  tx: DbOrTx,
  c: {
    commentId: number;
    articleId: string;
    authorId: string;
    parentAuthorId: string | null;
    mentions: string[];
  },
) {
  const rows: { userId: string; kind: 'comment' | 'reply' | 'mention' }[] = [];
  const seen = new Set<string>([c.authorId]);
  const add = (userId: string, kind: 'comment' | 'reply' | 'mention') => {
    if (seen.has(userId)) return;
    seen.add(userId);
    rows.push({ userId, kind });
  };
  if (c.parentAuthorId && c.parentAuthorId !== c.authorId) {
    const [p] = await tx
      .select({ prefs: users.notificationPrefs, sub: subscriptions.kind, deletedAt: users.deletedAt })
      .from(users)
      .leftJoin(subscriptions, and(eq(subscriptions.userId, users.id), eq(subscriptions.articleId, c.articleId)))
      .where(eq(users.id, c.parentAuthorId))
      .limit(1);
    if (p && !p.deletedAt && (p.sub || (p.prefs as NotificationPrefs | null)?.replies !== false)) add(c.parentAuthorId, 'reply');
  }
  if (c.mentions.length) {
    const mentioned = await tx
      .select({ id: users.id, prefs: users.notificationPrefs })
      .from(users)
      .where(and(inArray(sql`lower(${users.handle})`, c.mentions), isNull(users.deletedAt)));
    for (const m of mentioned) if ((m.prefs as NotificationPrefs | null)?.mentions !== false) add(m.id, 'mention');
  }
  const subs = await tx
    .select({ userId: subscriptions.userId })
    .from(subscriptions)
    .where(and(eq(subscriptions.articleId, c.articleId), eq(subscriptions.kind, 'all')));
  for (const s of subs) add(s.userId, 'comment');
  if (!rows.length) return;
  await tx
    .insert(notifications)
    .values(rows.map((r) => ({ ...r, articleId: c.articleId, commentId: c.commentId })))
    .onConflictDoNothing();
}

/** A queued notification that is due, with what its mail needs. */
export type DueNotification = {
  id: string;
  user_id: string;
  article_id: string;
  comment_id: string;
  kind: 'comment' | 'reply' | 'mention';
  email: string;
  handle: string;
  title: string;
  slug: string;
  body_html: string;
  author: string | null;
  sub_token: string | null;
  deleted_at: string | null;
  status: string;
};

/**
 * Claims what is due: queued notifications of users with no mail about that article in the last batch
 * window (setting notificationBatchMinutes), marked sent in the same transaction. Rows are claimed with
 * FOR UPDATE SKIP LOCKED so two flushes (two app instances) never claim the same notification twice.
 * Returns one group per user and article, leaving out comments deleted or no longer approved meanwhile.
 */
export async function claimDueNotifications(now: Date): Promise<DueNotification[][]> {
  const settings = await loadSettings();
  const windowMs = (settings.notificationBatchMinutes ?? 5) * 60_000;
  const db = await getDb();
  const claimed = await db.transaction(async (tx) => {
    const rows = await queryRows<DueNotification>(
      tx,
      sql`
      select n.id::text as id, n.user_id, n.article_id, n.comment_id::text as comment_id, n.kind::text as kind, u.email, u.handle,
        a.title, a.slug, c.body_html, coalesce(au.name, au.handle) as author, s.unsubscribe_token as sub_token, c.deleted_at, c.status::text as status
      from ${notifications} n
      join ${users} u on u.id = n.user_id
      join ${articles} a on a.id = n.article_id
      join ${comments} c on c.id = n.comment_id
      left join ${users} au on au.id = c.author_id
      left join ${subscriptions} s on s.user_id = n.user_id and s.article_id = n.article_id
      where n.sent_at is null and u.deleted_at is null
        and not exists (
          select 1 from ${notifications} m where m.user_id = n.user_id and m.article_id = n.article_id
            and m.sent_at > ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz)
      order by n.id
      limit 500
      for update of n skip locked`,
    );
    if (rows.length) {
      await tx
        .update(notifications)
        .set({ sentAt: now })
        .where(
          inArray(
            notifications.id,
            rows.map((r) => Number(r.id)),
          ),
        );
    }
    return rows;
  });
  const groups = new Map<string, DueNotification[]>();
  for (const r of claimed) {
    if (r.deleted_at || r.status !== 'approved') continue;
    const key = `${r.user_id}|${r.article_id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}
