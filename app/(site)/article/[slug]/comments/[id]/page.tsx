import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { CommentList, type ThreadContext } from '@/components/comments/comment-item';
import { CommentsEnhancer } from '@/components/comments/comments-enhancer';
import { RespondPanel } from '@/components/comments/respond-panel';
import { CommentsPageFrame, loadArticleForComments } from '@/components/comments/thread-pages';
import { detachedCommentIds, getCommentContextCached } from '@/lib/dal/comments';
import { getSettings } from '@/lib/settings';
import { now } from '@/lib/clock';
import { pageMetadata } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string; id: string }> };

// Rendered per request before the first byte (no Suspense): the cached article links here for voting,
// replying, reporting and editing, so these forms, the viewer's vote and each form's result must be plain
// HTML that works without JavaScript. The thread itself stays a tag-cached read.
export const instant = false;

export async function generateStaticParams() {
  return [{ slug: '__none__', id: '0' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  return pageMetadata({ title: 'Comment', alternates: { canonical: `/article/${slug}/comments/${id}` }, robots: { index: false } });
}

/** Permalink of a comment: the thread around it, the path to it expanded, the comment highlighted. */
export default async function CommentPermalinkPage({ params }: Props) {
  const { slug, id: raw } = await params;
  if (!/^[1-9]\d{0,15}$/.test(raw)) notFound();
  const article = await loadArticleForComments(slug, `/comments/${raw}`);
  const context = await getCommentContextCached(Number(raw));
  if (!context || context.articleId !== article.id) notFound();
  await connection();
  const settings = await getSettings();
  const ctx: ThreadContext = {
    articleId: article.id,
    slug: article.slug,
    back: `/article/${article.slug}/comments/${raw}`,
    open: article.commentsOpen,
    maxDepth: context.view.depth + settings.maxReplyDepth,
    highlightId: context.target.id,
    detached: detachedCommentIds([context.view], article.body),
  };
  const targetDetached = !!context.target.anchor && ctx.detached!.includes(context.target.id);
  return (
    <CommentsPageFrame title={article.title} slug={article.slug} heading="Comment thread">
      <p className="my-3 text-sm">
        <Link href={`/article/${article.slug}#comments`} className="underline">
          View all comments
        </Link>
        {context.above.length > 0 && (
          <>
            {' '}
            · Continues a conversation:{' '}
            <Link
              href={`/article/${article.slug}/comments/${context.above.at(-1)!.id}#comment-${context.above.at(-1)!.id}`}
              className="underline"
            >
              parent comment by {context.above.at(-1)!.authorName}
            </Link>
          </>
        )}
      </p>
      {targetDetached && (
        <p role="note" className="my-3 rounded border border-stone-400 bg-stone-100 px-3 py-2 text-sm">
          This comment is detached: the passage it was written on is no longer in the article.
        </p>
      )}
      <CommentsEnhancer articleId={article.id} back={ctx.back} />
      <CommentList threads={[context.view]} ctx={ctx} label="Thread" />
      <RespondPanel
        articleId={article.id}
        slug={article.slug}
        open={article.commentsOpen}
        target={context.target}
        canReply
        now={now().getTime()}
      />
      {context.repliesNext && (
        <p className="mt-4">
          <Link href={`/article/${article.slug}/thread/${context.view.id}/${context.repliesNext}`} className="underline">
            More replies
          </Link>
        </p>
      )}
    </CommentsPageFrame>
  );
}
