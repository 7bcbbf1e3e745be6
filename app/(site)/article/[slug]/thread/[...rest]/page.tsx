import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { CommentList, type ThreadContext } from '@/components/comments/comment-item';
import { CommentsEnhancer } from '@/components/comments/comments-enhancer';
import { CommentsPageFrame, loadArticleForComments } from '@/components/comments/thread-pages';
import { decodeCursor, getThreadView } from '@/lib/dal/comments';
import { getSettings } from '@/lib/settings';
import { pageMetadata } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string; rest: string[] }> };

export async function generateStaticParams() {
  return [{ slug: '__none__', rest: ['0'] }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, rest } = await params;
  return pageMetadata({ title: 'Thread', alternates: { canonical: `/article/${slug}/thread/${rest[0]}` }, robots: { index: false } });
}

/** "Continue this thread" and "more replies": a comment and a keyset page of its replies. */
export default async function ThreadPage({ params }: Props) {
  const { slug, rest } = await params;
  const [raw, after, ...extra] = rest;
  if (extra.length || !/^[1-9]\d{0,15}$/.test(raw) || (after && !decodeCursor(after, 'time'))) notFound();
  const article = await loadArticleForComments(slug, `/thread/${rest.join('/')}`);
  const view = await getThreadView(Number(raw), after ?? null);
  if (!view || view.articleId !== article.id) notFound();
  const settings = await getSettings();
  const back = `/article/${article.slug}/thread/${rest.join('/')}`;
  const ctx: ThreadContext = {
    articleId: article.id,
    slug: article.slug,
    back,
    open: article.commentsOpen,
    maxDepth: view.root.depth + settings.maxReplyDepth,
  };
  const parent = view.above[0];
  return (
    <CommentsPageFrame title={article.title} slug={article.slug} heading="Thread">
      <p className="my-3 text-sm">
        <Link href={`/article/${article.slug}#comments`} className="underline">
          View all comments
        </Link>
        {parent && (
          <>
            {' '}
            ·{' '}
            <Link href={`/article/${article.slug}/comments/${parent.id}#comment-${parent.id}`} className="underline">
              Up to the parent comment by {parent.authorName}
            </Link>
          </>
        )}
      </p>
      <CommentsEnhancer articleId={article.id} back={back} />
      <CommentList threads={[view.root]} ctx={ctx} label="Thread" />
      {view.next && (
        <p className="mt-4">
          <Link href={`/article/${article.slug}/thread/${raw}/${view.next}`} className="underline">
            More replies
          </Link>
        </p>
      )}
    </CommentsPageFrame>
  );
}
