import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { connection } from 'next/server';
import { CommentForm } from '@/components/comments/comment-form';
import { SubscribeForm } from '@/components/comments/subscribe-form';
import { CommentsPageFrame, loadArticleForComments } from '@/components/comments/thread-pages';
import { postFormKey, readFlash, subscribeFormKey } from '@/lib/actions/form-flash';
import { listMyHeldComments } from '@/lib/dal/comments';
import { getViewer } from '@/lib/dal/session';
import { getSubscription } from '@/lib/dal/subscriptions';
import { pageMetadata } from '@/lib/metadata';

type Props = { params: Promise<{ slug: string }> };

// Rendered per request before the first byte: the article page is the same cached bytes for everyone, so a
// comment refused or held, or a "Notify me" choice, posted there without JavaScript comes back here, where
// the result (kept in the flash cookie) and the text the reader typed are plain HTML.
export const instant = false;

export async function generateStaticParams() {
  return [{ slug: '__none__' }];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  return pageMetadata({ title: 'Join the conversation', alternates: { canonical: `/article/${slug}#comments` }, robots: { index: false } });
}

export default async function RespondToArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await loadArticleForComments(slug, '/respond');
  await connection();
  const back = `/article/${article.slug}`;
  const viewer = await getViewer();
  const [posted, subscribed, current, held] = await Promise.all([
    readFlash(postFormKey(article.id)),
    readFlash(subscribeFormKey(article.id)),
    viewer ? getSubscription(viewer.id, article.id) : null,
    viewer ? listMyHeldComments(viewer.id, article.id) : [],
  ]);
  return (
    <CommentsPageFrame title={article.title} slug={article.slug} heading="Join the conversation">
      <p className="my-3 text-sm">
        <Link href={`${back}#comments`} className="underline">
          Read the comments
        </Link>
      </p>
      <div id="respond" className="scroll-mt-20">
        {!viewer ? (
          <>
            {posted?.message && (
              <p role="alert" className="my-3 rounded border border-red-700 bg-red-50 px-3 py-2 text-sm">
                {posted.message}
              </p>
            )}
            <p className="text-sm">
              <Link href={`/signin?next=${encodeURIComponent(`${back}/respond`)}`} className="font-semibold underline">
                Sign in
              </Link>{' '}
              or{' '}
              <Link href="/signup" className="underline">
                create an account
              </Link>{' '}
              to join the conversation.
            </p>
          </>
        ) : article.commentsOpen ? (
          <CommentForm articleId={article.id} back={back} initial={posted} />
        ) : (
          <p className="my-4 rounded border border-stone-300 bg-stone-100 px-3 py-2">Comments are closed on this article.</p>
        )}
      </div>
      {viewer && (
        <div id="notify" className="scroll-mt-20">
          <SubscribeForm articleId={article.id} current={current ?? 'none'} initial={subscribed} />
        </div>
      )}
      {held.length > 0 && (
        <section aria-labelledby="held-heading" className="my-4 rounded border border-amber-600 bg-amber-50 p-3">
          <h2 id="held-heading" className="font-semibold">
            Your comments awaiting review
          </h2>
          <ul className="mt-2 space-y-2">
            {held.map((h) => (
              <li key={h.id} className="text-sm">
                <p className="font-semibold">
                  {h.status === 'pending' ? 'Held for review' : 'Not published'}
                  {(h.status === 'pending' ? h.holdReason : h.rejectReason)
                    ? `: ${h.status === 'pending' ? h.holdReason : h.rejectReason}`
                    : ''}
                </p>
                <div className="text-stone-700 [&_p]:my-0.5" dangerouslySetInnerHTML={{ __html: h.bodyHtml }} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </CommentsPageFrame>
  );
}
