import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CommentsSection } from '@/components/comments/comments-section';
import { CommentsPageFrame, loadArticleForComments } from '@/components/comments/thread-pages';
import { cursorKind, decodeCursor } from '@/lib/dal/comments';
import { COMMENT_SORTS, type CommentSort } from '@/lib/validation/comment';
import { pageMetadata } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string; rest: string[] }> };

export async function generateStaticParams() {
  return [{ slug: '__none__', rest: ['newest'] }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  return pageMetadata({ title: 'Comments', alternates: { canonical: `/article/${slug}#comments` }, robots: { index: false } });
}

/** All comments of an article, sorted, a keyset page at a time: /article/<slug>/discussion/<sort>[/<cursor>]. */
export default async function DiscussionPage({ params }: Props) {
  const { slug, rest } = await params;
  const [sort, after, ...extra] = rest;
  // A cursor this app did not make (garbage, a tampered date or score) is a page that does not exist: 404, never a 500.
  if (extra.length || !COMMENT_SORTS.includes(sort as CommentSort) || (after && !decodeCursor(after, cursorKind(sort as CommentSort))))
    notFound();
  const article = await loadArticleForComments(slug, `/discussion/${rest.join('/')}`);
  return (
    <CommentsPageFrame title={article.title} slug={article.slug} heading={`Comments (${article.commentCount.toLocaleString('en-US')})`}>
      <CommentsSection
        articleId={article.id}
        slug={article.slug}
        commentsOpen={article.commentsOpen}
        sort={sort as CommentSort}
        after={after ?? null}
        articleBody={article.body}
      />
    </CommentsPageFrame>
  );
}
