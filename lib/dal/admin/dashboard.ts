import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { countedSql } from '@/lib/dal/campaigns';
import { articleAuthors, articles, comments, campaigns, pledges, users } from '@/db/schema';
import { has, requireStaff } from './guard';
import { isFlagged } from './moderation/queue';

/** The newsroom's front page: each section only for the roles that act on it. */
export async function getDashboard() {
  const viewer = await requireStaff('admin:access');
  const db = await getDb();
  const own = sql`(${articles.createdBy} = ${viewer.id} or exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${viewer.id}))`;
  const seeAll = has(viewer, 'articles:edit-any');
  const articleCols = {
    id: articles.id,
    title: articles.title,
    status: articles.status,
    publishedAt: articles.publishedAt,
    updatedAt: articles.updatedAt,
    submittedAt: articles.submittedAt,
  };

  const articlesSection = has(viewer, 'articles:write-own')
    ? {
        drafts: await db
          .select(articleCols)
          .from(articles)
          .where(and(eq(articles.status, 'draft'), seeAll ? undefined : own))
          .orderBy(sql`${articles.submittedAt} desc nulls last`, desc(articles.updatedAt))
          .limit(10),
        scheduled: await db
          .select(articleCols)
          .from(articles)
          .where(and(eq(articles.status, 'scheduled'), sql`${articles.publishedAt} > now()`, seeAll ? undefined : own))
          .orderBy(asc(articles.publishedAt))
          .limit(10),
      }
    : null;

  const commentsSection = has(viewer, 'comments:moderate')
    ? (
        await db
          .select({
            pending: sql<number>`count(*) filter (where ${comments.status} = 'pending')::int`,
            flagged: sql<number>`count(*) filter (where ${isFlagged})::int`,
          })
          .from(comments)
      )[0]
    : null;

  const pledgesSection = has(viewer, 'pledges:manage')
    ? {
        week: await db
          .select({
            currency: pledges.currency,
            count: sql<number>`count(*)::int`,
            cents: sql<number>`coalesce(sum(${pledges.amountCents}), 0)::int`,
          })
          .from(pledges)
          .where(and(sql`${pledges.createdAt} > now() - interval '7 days'`, countedSql))
          .groupBy(pledges.currency),
        byStatus: await db
          .select({
            status: pledges.status,
            currency: pledges.currency,
            count: sql<number>`count(*)::int`,
            cents: sql<number>`coalesce(sum(${pledges.amountCents}), 0)::int`,
          })
          .from(pledges)
          .groupBy(pledges.status, pledges.currency)
          .orderBy(pledges.status),
        recent: await db
          .select({
            id: pledges.id,
            displayName: pledges.displayName,
            anonymous: pledges.anonymous,
            amountCents: pledges.amountCents,
            currency: pledges.currency,
            status: pledges.status,
            createdAt: pledges.createdAt,
            campaign: campaigns.title,
          })
          .from(pledges)
          .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
          .orderBy(desc(pledges.createdAt))
          .limit(5),
      }
    : null;

  const mostCommented = await db
    .select({
      id: articles.id,
      title: articles.title,
      slug: articles.slug,
      count: sql<number>`count(${comments.id})::int`,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(sql`${comments.createdAt} > now() - interval '7 days'`, eq(comments.status, 'approved')))
    .groupBy(articles.id, articles.title, articles.slug)
    .orderBy(sql`4 desc`, articles.title)
    .limit(5);

  const [{ staff }] = await db
    .select({ staff: sql<number>`count(*)::int` })
    .from(users)
    .where(and(inArray(users.role, ['author', 'editor', 'moderator', 'admin']), sql`${users.deletedAt} is null`));

  return {
    viewer: { name: viewer.name ?? viewer.handle, role: viewer.role },
    articles: articlesSection,
    comments: commentsSection,
    pledges: pledgesSection,
    mostCommented,
    staff,
  };
}
