import 'server-only';
/**
 * Posting a comment or a reply, and the policy around it: who may post (not banned; unverified accounts
 * held or refused by the setting), where (a public article open to comments, a live parent, a passage
 * still in the text), how often (interval, new accounts' daily cap, duplicates) and whether it waits for
 * a moderator (hold rules in lib/comments/moderation.ts).
 *
 * An approved comment is counted, queues its notifications, is announced live and dirties the thread's
 * cache tags; a held one changes nothing readers see.
 */
import { and, eq, sql } from 'drizzle-orm';
import { getDb, queryRows, type DbOrTx } from '@/db/client';
import { comments, feedbackPoints, type TextAnchor } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { articleText } from '@/lib/anchoring/html';
import { reanchor } from '@/lib/anchoring/text-quote';
import { extractMentions, renderCommentMarkdown } from '@/lib/comments/markdown';
import { holdReasons, holdReasonText, UNVERIFIED_HOLD_REASON } from '@/lib/comments/moderation';
import { NotFoundError, UserError } from '@/lib/errors';
import { scheduleFlush } from '@/lib/mail/comment-notifications';
import { now } from '@/lib/clock';
import { loadSettings } from '@/lib/settings';
import { assertNotBanned, type Viewer } from '@/lib/dal/session';
import { queueNotifications } from '@/lib/dal/subscriptions';
import { findCommentableArticle } from './articles';
import { countNewComment } from './counters';
import { hashBody, isRecentDuplicate } from './duplicates';
import { publishEvents, recordLiveEvent, type LiveNotice } from './live';
import { threadTags } from './tags';
import { requireVisibleComment } from './visible';

export type PostInput = {
  articleId: string;
  parentId?: number;
  body: string;
  anchor?: TextAnchor;
  feedbackPointId?: string;
};

export type PostResult = {
  id: number;
  status: 'approved' | 'pending';
  holdReason: string | null;
  /** Held (among other reasons) because the author has not verified their email address yet. */
  heldUnverified: boolean;
  articleId: string;
  slug: string;
};

export const UNVERIFIED_COMMENT_MESSAGE =
  'Verify your email address to comment: open the link we mailed you, or ask for a new one from your account.';

async function lockUser(tx: DbOrTx, userId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`comments:${userId}`}))`);
}

export async function postComment(viewer: Viewer, input: PostInput): Promise<PostResult> {
  assertNotBanned(viewer);
  const settings = await loadSettings();
  if (!viewer.emailVerified && settings.unverifiedComments === 'refuse')
    throw new UserError(UNVERIFIED_COMMENT_MESSAGE, 403, undefined, 'unverified');
  const db = await getDb();
  const { result, notice } = await db.transaction(async (tx) => {
    const article = await findCommentableArticle(tx, input.articleId);
    if (!article) throw new NotFoundError('That article does not exist.');
    if (!article.commentsOpen) throw new UserError('Comments are closed on this article.');
    // The stored anchor is re-described from the article's own text, whatever context the page sent.
    let anchor: TextAnchor | null = null;
    if (input.anchor && !input.parentId) {
      anchor = reanchor(articleText(article.body).text, input.anchor);
      if (!anchor) throw new UserError('That passage is no longer in the article. Select it again.');
    }

    let depth = 0;
    let rootId: number | null = null;
    let parentAuthor: string | null = null;
    if (input.parentId) {
      const unavailable = 'The comment you are replying to is not available.';
      const parent = await requireVisibleComment(tx, input.parentId, { unavailable });
      if (parent.articleId !== article.id) throw new NotFoundError(unavailable);
      depth = parent.depth + 1;
      rootId = parent.rootId ?? parent.id;
      parentAuthor = parent.authorId;
    }
    let feedbackPointId: string | null = null;
    if (input.feedbackPointId && !input.parentId) {
      const [fp] = await tx
        .select({ id: feedbackPoints.id })
        .from(feedbackPoints)
        .where(and(eq(feedbackPoints.id, input.feedbackPointId), eq(feedbackPoints.articleId, article.id)))
        .limit(1);
      if (!fp) throw new UserError('That feedback point no longer exists.');
      feedbackPointId = fp.id;
    }

    // One writer per user at a time, so the interval, cap and duplicate checks cannot be raced.
    await lockUser(tx, viewer.id);
    const [recent] = await queryRows<{ last_at: Date | string | null; today: number; approved: number }>(
      tx,
      sql`
      select max(created_at) as last_at,
             count(*) filter (where created_at > now() - interval '1 day')::int as today,
             (select count(*)::int from ${comments} where author_id = ${viewer.id} and status = 'approved') as approved
      from ${comments} where author_id = ${viewer.id} and created_at > now() - interval '1 day'`,
    );
    if (recent?.last_at && settings.commentIntervalSeconds > 0) {
      const waitMs = new Date(recent.last_at).getTime() + settings.commentIntervalSeconds * 1000 - now().getTime();
      if (waitMs > 0) {
        const s = Math.ceil(waitMs / 1000);
        throw new UserError(`You are posting too fast. Please wait ${s} second${s === 1 ? '' : 's'} before posting again.`, 429);
      }
    }
    const newAccount = now().getTime() - viewer.createdAt.getTime() < 24 * 3600_000;
    if (newAccount && (recent?.today ?? 0) >= settings.newAccountDailyCap) {
      throw new UserError(`New accounts can post ${settings.newAccountDailyCap} comments a day. Please come back tomorrow.`, 429);
    }
    const hash = hashBody(input.body);
    if (await isRecentDuplicate(tx, viewer.id, hash)) throw new UserError('You posted the same comment a moment ago.', 409);

    const reasons = holdReasons(input.body, {
      bannedWords: settings.bannedWords,
      suspectWords: settings.suspectWords,
      linkLimit: settings.linkLimit,
      holdFirstComment: settings.holdFirstComment,
      premoderated: viewer.premoderated,
      firstComment: (recent?.approved ?? 0) === 0,
      unverified: !viewer.emailVerified,
    });
    const holdReason = holdReasonText(reasons);
    const status = holdReason ? 'pending' : 'approved';
    const [row] = await tx
      .insert(comments)
      .values({
        articleId: article.id,
        parentId: input.parentId ?? null,
        rootId,
        depth,
        authorId: viewer.id,
        body: input.body,
        bodyHtml: renderCommentMarkdown(input.body),
        status,
        holdReason,
        contentHash: hash,
        anchor,
        feedbackPointId,
      })
      .returning({ id: comments.id });
    if (!rootId) await tx.update(comments).set({ rootId: row.id }).where(eq(comments.id, row.id));
    let notice: LiveNotice | null = null;
    if (status === 'approved') {
      notice = await recordLiveEvent(tx, article.id, row.id, 'comment');
      await countNewComment(tx, article.id, input.parentId ?? null);
      await queueNotifications(tx, {
        commentId: row.id,
        articleId: article.id,
        authorId: viewer.id,
        parentAuthorId: parentAuthor,
        mentions: extractMentions(input.body),
      });
    }
    return {
      result: {
        id: row.id,
        status,
        holdReason,
        heldUnverified: reasons.includes(UNVERIFIED_HOLD_REASON),
        articleId: article.id,
        slug: article.slug,
      } as PostResult,
      notice,
    };
  });
  if (result.status === 'approved') {
    await invalidate(threadTags([result.articleId], true));
    if (notice) await publishEvents([notice]);
    scheduleFlush();
  }
  return result;
}
