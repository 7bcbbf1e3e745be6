import 'server-only';
/**
 * The signed-in user's data export (/account/export): everything we hold about them, as one JSON
 * document. Authorizes itself like the rest of the account DAL: only the viewer's own data.
 */
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, articles, campaigns, commentVotes, comments, pledges, subscriptions } from '@/db/schema';
import { currentUser, notificationSettings } from './users-account';

/** Everything we hold about the signed-in user, as one JSON document. */
export async function exportMyData() {
  const user = await currentUser();
  const db = await getDb();
  const [myComments, myVotes, myPledges, mySubscriptions, linked] = await Promise.all([
    db
      .select({
        id: comments.id,
        article: articles.slug,
        articleTitle: articles.title,
        parentId: comments.parentId,
        body: comments.body,
        status: comments.status,
        createdAt: comments.createdAt,
        editedAt: comments.editedAt,
        deletedAt: comments.deletedAt,
      })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.authorId, user.id))
      .orderBy(comments.createdAt),
    db
      .select({ commentId: commentVotes.commentId, value: commentVotes.value, createdAt: commentVotes.createdAt })
      .from(commentVotes)
      .where(eq(commentVotes.userId, user.id))
      .orderBy(commentVotes.createdAt),
    db
      .select({
        id: pledges.id,
        campaign: campaigns.title,
        amountCents: pledges.amountCents,
        currency: pledges.currency,
        frequency: pledges.frequency,
        status: pledges.status,
        displayName: pledges.displayName,
        anonymous: pledges.anonymous,
        message: pledges.message,
        email: pledges.email,
        createdAt: pledges.createdAt,
      })
      .from(pledges)
      .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
      // Guest pledges made with the address count as the user's only once the address is verified: anyone
      // can sign up with someone else's address, but only its owner can open the verification link.
      .where(
        user.emailVerified
          ? sql`${pledges.userId} = ${user.id} or lower(${pledges.email}) = ${user.email.toLowerCase()}`
          : eq(pledges.userId, user.id),
      )
      .orderBy(pledges.createdAt),
    db
      .select({ article: articles.slug, kind: subscriptions.kind, createdAt: subscriptions.createdAt })
      .from(subscriptions)
      .innerJoin(articles, eq(articles.id, subscriptions.articleId))
      .where(eq(subscriptions.userId, user.id)),
    db.select({ provider: accounts.provider }).from(accounts).where(eq(accounts.userId, user.id)),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      email: user.email,
      emailVerified: user.emailVerified,
      name: user.name,
      handle: user.handle,
      bio: user.bio,
      image: user.image,
      role: user.role,
      createdAt: user.createdAt,
      notificationPreferences: notificationSettings(user),
      bannedUntil: user.bannedUntil,
      banReason: user.banReason,
      signInProviders: linked.map((l) => l.provider),
      hasPassword: !!user.passwordHash,
    },
    comments: myComments,
    votes: myVotes,
    pledges: myPledges,
    subscriptions: mySubscriptions,
  };
}
