/**
 * One comment with its replies, as static markup: the same bytes for every reader, so the article page that
 * carries it can be cached. No per-comment forms: the vote, reply and report controls are links to the
 * comment's own page (app/(site)/article/[slug]/comments/[id]), rendered per request with the full forms
 * and the viewer's state, which is how they work without JavaScript. With JavaScript, CommentsEnhancer
 * puts the interactive controls into each comment's actions slot and hides these links.
 * Shared by the server-rendered thread and the client "Load more", so it imports nothing server-only.
 */
import { Avatar } from '@/components/account/avatar';
import { exactTime } from '@/lib/comments/relative-time';
import type { CommentNode } from '@/lib/dal/comments';

export type ThreadContext = {
  articleId: string;
  slug: string;
  /** Where plain form posts come back to. */
  back: string;
  open: boolean;
  /** Depth (absolute) below which replies are not nested further: "continue this thread". */
  maxDepth: number;
  highlightId?: number;
  /** Comment ids whose anchor passage is no longer in the article. */
  detached?: number[];
  /** The article's newest live event when the thread was rendered: LiveBar's stream resumes from it. */
  liveEventId?: number;
  /** Comments that arrived live after the page loaded (LiveBar): marked "New". */
  fresh?: boolean;
};

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** The comment's own page, where its forms live (without JavaScript) and its permalink points. */
export const commentHref = (slug: string, id: number) => `/article/${slug}/comments/${id}#comment-${id}`;
const respondHref = (slug: string, id: number) => `/article/${slug}/comments/${id}#respond`;

/** A comment's controls look like buttons, with and without JavaScript (CommentActions uses it too). */
export const ACTION_CLASS = 'inline-flex h-8 min-w-8 items-center justify-center rounded border border-stone-300 px-2 hover:bg-stone-100';

export function CommentItem({ node, ctx }: { node: CommentNode; ctx: ThreadContext }) {
  const permalink = commentHref(ctx.slug, node.id);
  const respond = respondHref(ctx.slug, node.id);
  const highlighted = ctx.highlightId === node.id;
  const hiddenReplies = node.replyCount - node.replies.length;
  const atMax = node.depth >= ctx.maxDepth;
  const canReply = ctx.open && !atMax;
  return (
    <li id={`comment-${node.id}`} data-comment-id={node.id} data-author-id={node.authorId ?? ''} className="scroll-mt-20">
      <article
        aria-label={node.deleted ? 'Deleted comment' : `Comment by ${node.authorName}`}
        className={`rounded p-2 ${highlighted ? 'bg-amber-50 ring-2 ring-amber-500' : ctx.fresh ? 'bg-green-50 ring-1 ring-green-700' : ''} target:bg-amber-50`}
        data-highlighted={highlighted || undefined}
      >
        {node.deleted ? (
          <p className="text-sm text-stone-500 italic">Comment deleted</p>
        ) : (
          <>
            <header className="flex flex-wrap items-center gap-x-2 text-sm">
              <Avatar
                name={node.authorName}
                handle={node.authorHandle ?? node.authorName}
                image={node.authorImage ?? null}
                size={28}
                lazy
              />
              {node.authorHandle ? (
                <a href={`/u/${node.authorHandle}`} className="font-semibold text-stone-900">
                  {node.authorName}
                </a>
              ) : (
                <span className="font-semibold">{node.authorName}</span>
              )}
              {node.supporter && <span className="rounded bg-brand px-1.5 text-xs font-bold text-white">Supporter</span>}
              {node.pinned && <span className="rounded bg-stone-200 px-1 text-xs">Pinned</span>}
              {ctx.fresh && <span className="rounded bg-green-800 px-1.5 text-xs font-bold text-white">New</span>}
              <a href={permalink} className="text-stone-600 hover:underline">
                {/* The name read out holds the visible time too (WCAG 2.5.3), whatever the enhancer rewrites it to. */}
                <span className="sr-only">Permalink to comment {node.id}, </span>
                {/* The exact time in the cached markup; CommentsEnhancer rewrites it as "5 minutes ago". */}
                <time dateTime={node.createdAt} title={exactTime(node.createdAt)} data-relative>
                  {dateFmt.format(new Date(node.createdAt))}
                </time>
              </a>
              {node.editedAt && (
                <span className="text-stone-500" title={`Edited ${node.editedAt}`}>
                  (edited)
                </span>
              )}
            </header>
            {node.anchor && (
              <blockquote className="my-1 border-l-4 border-amber-400 pl-2 text-sm text-stone-700">
                <span className="sr-only">On the passage: </span>
                {ctx.detached?.includes(node.id) ? (
                  <>
                    “{node.anchor.exact}”<span className="ml-1 text-xs text-stone-500">(passage no longer in the article)</span>
                  </>
                ) : (
                  // Back to the highlighted passage (components/comments/passage-highlights.tsx).
                  <a
                    href={`/article/${ctx.slug}#passage-c${node.id}`}
                    className="hover:underline"
                    aria-label={`Show the passage in the article: ${node.anchor.exact.slice(0, 60)}`}
                  >
                    “{node.anchor.exact}”
                  </a>
                )}
              </blockquote>
            )}
            <div className="prose-comment mt-1 break-words" dangerouslySetInnerHTML={{ __html: node.bodyHtml ?? '' }} />
          </>
        )}
        {!node.deleted && (
          <footer className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            {/* CommentsEnhancer renders the controls here; it reads the rest (author, time, score) from this markup. */}
            <span data-actions-slot={node.id} data-reply={canReply ? '1' : undefined} className="contents" />
            {/* Styled as buttons through the container (one class list, not one per link: the markup stays small). */}
            <span
              data-static-actions
              className="inline-flex flex-wrap items-center gap-2 [html[data-comments-js]_&]:hidden [&>a]:inline-flex [&>a]:h-8 [&>a]:min-w-8 [&>a]:items-center [&>a]:justify-center [&>a]:rounded [&>a]:border [&>a]:border-stone-300 [&>a]:px-2"
            >
              <a href={respond} rel="nofollow" aria-label="Upvote">
                ▲
              </a>
              <span className="font-semibold" data-testid="score">
                {node.score}
              </span>
              <a href={respond} rel="nofollow" aria-label="Downvote">
                ▼
              </a>
              {canReply && (
                <a href={respond} rel="nofollow">
                  Reply
                </a>
              )}
              <a href={respond} rel="nofollow">
                Report
              </a>
              <a href={permalink}>Share</a>
            </span>
            {ctx.open && atMax && (
              <a href={`/article/${ctx.slug}/thread/${node.id}#comment-${node.id}`} className="underline">
                Reply in thread view
              </a>
            )}
            {node.replyCount > 0 && (
              <span className="text-stone-600">
                {node.replyCount.toLocaleString('en-US')} {node.replyCount === 1 ? 'reply' : 'replies'}
              </span>
            )}
          </footer>
        )}
      </article>
      {node.replies.length > 0 && (
        <ol
          className="ml-2 border-l-2 border-stone-200 pl-2 sm:ml-4 sm:pl-3"
          aria-label={`Replies to ${node.deleted ? 'a deleted comment' : node.authorName}`}
        >
          {node.replies.map((r) => (
            <CommentItem key={r.id} node={r} ctx={ctx} />
          ))}
        </ol>
      )}
      {node.replyCount > 0 && atMax ? (
        <a href={`/article/${ctx.slug}/thread/${node.id}`} className="ml-4 text-sm font-semibold underline">
          Continue this thread ({node.replyCount.toLocaleString('en-US')} {node.replyCount === 1 ? 'reply' : 'replies'}) →
        </a>
      ) : hiddenReplies > 0 || node.moreReplies ? (
        <a href={`/article/${ctx.slug}/thread/${node.id}`} className="ml-4 text-sm font-semibold underline">
          {`${Math.max(1, hiddenReplies).toLocaleString('en-US')} more ${hiddenReplies === 1 ? 'reply' : 'replies'}`}
        </a>
      ) : null}
    </li>
  );
}

export function CommentList({ threads, ctx, label = 'Comments' }: { threads: CommentNode[]; ctx: ThreadContext; label?: string }) {
  return (
    <ol className="space-y-4" aria-label={label}>
      {threads.map((t) => (
        <CommentItem key={t.id} node={t} ctx={ctx} />
      ))}
    </ol>
  );
}
