/**
 * The comment thread under an article (and on the "all comments" pages): the first page of top-level
 * threads with their first replies, server-rendered from a cached read so it is in the article HTML and works
 * without JavaScript. Everything about the viewer is loaded after hydration (CommentsEnhancer).
 */
import Link from '@/components/ui/link';
import { anchorAttached, getThreadPage, type CommentNode } from '@/lib/dal/comments';
import { getSettings } from '@/lib/settings';
import type { CommentSort } from '@/lib/validation/comment';
import { CommentForm } from './comment-form';
import { CommentList, type ThreadContext } from './comment-item';
import { CommentsEnhancer } from './comments-enhancer';
import { LiveBar } from './live-bar';
import { LoadMore } from './load-more';
import { SubscribeForm } from './subscribe-form';

export const SORT_LABELS: Record<CommentSort, string> = {
  newest: 'Newest',
  oldest: 'Oldest',
  top: 'Most voted',
  inline: 'Inline feedback',
};

export function sortHref(slug: string, sort: CommentSort) {
  return sort === 'newest' ? `/article/${slug}#comments` : `/article/${slug}/discussion/${sort}#comments`;
}

export function SortNav({ slug, sort }: { slug: string; sort: CommentSort }) {
  return (
    <nav aria-label="Sort comments" className="my-3 flex flex-wrap gap-2 text-sm">
      {(Object.keys(SORT_LABELS) as CommentSort[]).map((s) => (
        <Link
          key={s}
          href={sortHref(slug, s)}
          aria-current={s === sort ? 'true' : undefined}
          scroll={false}
          className={`rounded-full border px-3 py-1 ${s === sort ? 'border-stone-900 bg-stone-900 text-white' : 'border-stone-300 hover:bg-stone-100'}`}
        >
          {SORT_LABELS[s]}
        </Link>
      ))}
    </nav>
  );
}

type Props = {
  articleId: string;
  slug: string;
  commentsOpen: boolean;
  sort?: CommentSort;
  after?: string | null;
  commentCount?: number;
  /** The article's HTML, to tell inline comments whose passage was edited away ("detached"). */
  articleBody?: string;
};

function detachedIds(threads: CommentNode[], body: string | undefined): number[] {
  if (!body) return [];
  const out: number[] = [];
  const walk = (n: CommentNode) => {
    if (n.anchor && !anchorAttached(body, n.anchor)) out.push(n.id);
    n.replies.forEach(walk);
  };
  threads.forEach(walk);
  return out;
}

export async function CommentsSection({ articleId, slug, commentsOpen, sort = 'newest', after = null, commentCount, articleBody }: Props) {
  const [page, settings] = await Promise.all([getThreadPage(articleId, sort, after), getSettings()]);
  const back = sort === 'newest' && !after ? `/article/${slug}` : `/article/${slug}/discussion/${sort}${after ? `/${after}` : ''}`;
  const ctx: ThreadContext = {
    articleId,
    slug,
    back,
    open: commentsOpen,
    maxDepth: settings.maxReplyDepth,
    detached: detachedIds(page.threads, articleBody),
    liveEventId: page.liveEventId,
  };
  return (
    <div data-comments-article={articleId}>
      {commentsOpen ? (
        <div className="my-4">
          <CommentForm articleId={articleId} back={back} />
          <SubscribeForm articleId={articleId} />
        </div>
      ) : (
        <p className="my-4 rounded border border-stone-300 bg-stone-100 px-3 py-2">Comments are closed on this article.</p>
      )}
      <CommentsEnhancer articleId={articleId} back={back} />
      <SortNav slug={slug} sort={sort} />
      <LiveBar ctx={ctx} inlineOnly={sort === 'inline'} />
      {page.threads.length === 0 ? (
        <p className="my-6 text-stone-600">
          {sort === 'inline'
            ? 'No inline feedback yet. Select a passage of the article to comment on it.'
            : after
              ? 'No more comments.'
              : 'No comments yet.'}
        </p>
      ) : (
        <CommentList threads={page.threads} ctx={ctx} />
      )}
      {page.next && <LoadMore ctx={ctx} sort={sort} next={page.next} hrefBase={`/article/${slug}/discussion/${sort}`} />}
      {typeof commentCount === 'number' && commentCount > 0 && (
        <p className="mt-6 text-sm">
          <Link href={`/article/${slug}/discussion/${sort}#comments`} className="underline">
            View all {commentCount.toLocaleString('en-US')} comments
          </Link>
        </p>
      )}
    </div>
  );
}
