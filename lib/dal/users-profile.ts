import 'server-only';
/**
 * Public profiles (/u/[handle]): what anyone may see about a user, and their approved comments on public
 * articles. Cached and tagged with the user, so a profile edit shows at once; being cached, "public" is
 * `isPublic` (no clock: the publish job makes a scheduled article public at its time).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db/client';
import { articles, comments, users, type Role } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { isPublic, isVisibleComment } from '@/lib/dal/visibility';

export type PublicProfile = {
  id: string;
  name: string;
  handle: string;
  bio: string | null;
  image: string | null;
  role: Role;
  joinedAt: Date;
  approvedComments: number;
};

export type ProfileComment = {
  id: number;
  bodyHtml: string;
  createdAt: Date;
  score: number;
  articleSlug: string;
  articleTitle: string;
};

export const PROFILE_COMMENTS = 30;

/** What a profile shows of its user: public fields only, never the email. */
const profileColumns = {
  id: users.id,
  name: users.name,
  handle: users.handle,
  bio: users.bio,
  image: users.image,
  role: users.role,
  joinedAt: users.createdAt,
};

/** One of the profile's comments, with the article it is on. */
const profileCommentColumns = {
  id: comments.id,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
  score: comments.score,
  articleSlug: articles.slug,
  articleTitle: articles.title,
};

/** A live (not deleted) user by handle, case-insensitive; null for an unknown or deleted one. */
export async function getPublicProfile(handle: string): Promise<PublicProfile | null> {
  'use cache';
  cacheLife('minutes');
  const clean = handle.trim();
  if (!/^[a-zA-Z0-9_][a-zA-Z0-9_-]{0,63}$/.test(clean)) return null;
  const db = await getDb();
  const [u] = await db
    .select(profileColumns)
    .from(users)
    .where(and(sql`lower(${users.handle}) = ${clean.toLowerCase()}`, sql`${users.deletedAt} is null`))
    .limit(1);
  if (!u) return null;
  cacheTag(TAGS.user(u.id));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(eq(comments.authorId, u.id), isVisibleComment(), isPublic));
  return { ...u, name: u.name || u.handle, approvedComments: n };
}

/** The user's most recent approved comments on public articles, newest first. */
export async function listProfileComments(userId: string, limit = PROFILE_COMMENTS): Promise<ProfileComment[]> {
  'use cache';
  cacheTag(TAGS.user(userId), TAGS.commentCounts);
  cacheLife('minutes');
  const db = await getDb();
  return db
    .select(profileCommentColumns)
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(eq(comments.authorId, userId), isVisibleComment(), isPublic))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(Math.min(Math.max(limit, 1), 100));
}
