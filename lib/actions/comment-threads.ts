'use server';
/**
 * Reads the enhanced comment thread makes after the cached page: what the viewer needs (votes, own comments'
 * sources, held comments, subscription), and the next page of threads (live comments come
 * with their content in the stream's events, lib/comments/live.ts).
 * Public data only, except the viewer's own state; every argument is validated like a form.
 */
import { z } from 'zod';
import { action } from '@/lib/actions/safe-action';
import {
  cursorKind,
  decodeCursor,
  getArticleForComments,
  getOwnCommentBodies,
  getViewerVotes,
  listMyHeldComments,
  loadThreadPage,
  markSupporters,
  type ThreadPage,
} from '@/lib/dal/comments';
import { getSubscription } from '@/lib/dal/subscriptions';
import { loadSettings, type SiteSettings } from '@/lib/settings';
import { COMMENT_SORTS } from '@/lib/validation/comment';

const articleId = z.string().min(1).max(100);
/** Comment ids the page holds: anything that is not one is dropped, at most 2,000. */
const commentIds = z
  .array(z.unknown())
  .transform((ids) => ids.filter((i): i is number => Number.isSafeInteger(i) && (i as number) > 0).slice(0, 2000));

export type ViewerThreadState = {
  /** `verified`: the email address is confirmed (unverified accounts cannot vote; their comments wait or are refused). */
  viewer: { id: string; handle: string; verified: boolean } | null;
  unverifiedComments: 'hold' | 'refuse';
  votes: Record<number, number>;
  subscription: 'all' | 'replies' | null;
  held: { id: number; bodyHtml: string; status: string; reason: string | null; createdAt: string }[];
  editWindowMinutes: number;
  /** Markdown source of the viewer's own comments among those asked about (the cached thread carries none). */
  own: Record<number, string>;
};

function stateFor({ editWindowMinutes, unverifiedComments }: SiteSettings): ViewerThreadState {
  return { viewer: null, votes: {}, own: {}, subscription: null, held: [], editWindowMinutes, unverifiedComments };
}
const anonymousState = async () => stateFor(await loadSettings());
/**
 * A refused call (bad input, or the database away) answers null, from no query: the page keeps what it has
 * (a signed-in reader's form, with what they typed, is not swapped for "Sign in" during an outage).
 */
const refused = (): ViewerThreadState | null => null;

/**
 * What the enhanced thread needs to know about the viewer, loaded after the cached page, so the page itself is
 * the same for every reader.
 */
export const viewerThreadStateAction = action(
  { input: 'args', access: 'public', schema: z.tuple([articleId, commentIds]), refused },
  async ([articleId, ids], { viewer }): Promise<ViewerThreadState | null> => {
    const state = await anonymousState();
    if (!viewer) return state;
    const [votes, own, subscription, held] = await Promise.all([
      getViewerVotes(viewer.id, ids),
      getOwnCommentBodies(viewer.id, ids),
      getSubscription(viewer.id, articleId),
      listMyHeldComments(viewer.id, articleId),
    ]);
    return {
      ...state,
      viewer: { id: viewer.id, handle: viewer.handle, verified: viewer.emailVerified },
      votes,
      own,
      subscription,
      held: held.map((h) => ({
        id: h.id,
        bodyHtml: h.bodyHtml,
        status: h.status,
        reason: h.status === 'pending' ? h.holdReason : h.rejectReason,
        createdAt: h.createdAt.toISOString(),
      })),
    };
  },
);

const noPage: ThreadPage = { threads: [], next: null };

/** Next page of top-level threads, for "Load more" with JavaScript. */
export const loadMoreThreadsAction = action(
  {
    input: 'args',
    access: 'public',
    schema: z.tuple([articleId, z.string().transform((s) => COMMENT_SORTS.find((k) => k === s) ?? 'newest'), z.string().max(500)]),
    refused: () => noPage,
  },
  async ([id, sort, after]): Promise<ThreadPage> => {
    const article = await getArticleForComments(id);
    if (!article || !decodeCursor(after, cursorKind(sort))) return noPage;
    const page = await loadThreadPage(article.id, sort, after);
    await markSupporters(page.threads);
    return page;
  },
);
