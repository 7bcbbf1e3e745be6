/**
 * "Respond to this comment" on the comment's own page, rendered per request for the viewer: their vote
 * shown (pressing it again withdraws it), a reply form, report, and edit/delete for their own comment. The
 * cached thread links here, so every action works as a plain form without JavaScript.
 */
import Link from '@/components/ui/link';
import { postFormKey, readFlash, voteFormKey } from '@/lib/actions/form-flash';
import type { CommentNode } from '@/lib/dal/comments';
import { getViewerVotes } from '@/lib/dal/comments';
import { getViewer } from '@/lib/dal/session';
import { getSettings } from '@/lib/settings';
import { CommentForm } from './comment-form';
import { FlagButton } from './flag-button';
import { OwnCommentForms } from './own-comment-forms';
import { VoteButtons } from './vote-buttons';

type Props = { articleId: string; slug: string; open: boolean; target: CommentNode; canReply: boolean; now: number };

export async function RespondPanel({ articleId, slug, open, target, canReply, now }: Props) {
  const back = `/article/${slug}/comments/${target.id}`;
  const viewer = await getViewer();
  let body: React.ReactNode;
  if (target.deleted) {
    // A vote sent from a page opened before the deletion comes back here: say why it did not count.
    const voted = viewer ? await readFlash(voteFormKey(target.id)) : undefined;
    body = (
      <>
        <p className="text-sm text-stone-600">This comment was deleted.</p>
        {voted?.message && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {voted.message}
          </p>
        )}
      </>
    );
  } else if (!viewer) {
    body = (
      <p className="text-sm">
        <Link href={`/signin?next=${encodeURIComponent(back)}`} className="font-semibold underline">
          Sign in
        </Link>{' '}
        to vote on, reply to or report this comment.
      </p>
    );
  } else {
    const [votes, settings, flagged, edited, deleted, replied, voted] = await Promise.all([
      getViewerVotes(viewer.id, [target.id]),
      getSettings(),
      readFlash(`flag:${target.id}`),
      readFlash(`edit:${target.id}`),
      readFlash(`delete:${target.id}`),
      readFlash(postFormKey(articleId, target.id)),
      readFlash(voteFormKey(target.id)),
    ]);
    const own = target.authorId === viewer.id;
    const canEdit = own && now - new Date(target.createdAt).getTime() < settings.editWindowMinutes * 60_000;
    body = (
      <>
        {/* This comment's controls are here: CommentsEnhancer leaves its slot in the thread empty (one vote form, not two). */}
        <div className="flex flex-wrap items-center gap-3" data-target-controls={target.id}>
          <VoteButtons
            commentId={target.id}
            score={target.score}
            authorId={target.authorId}
            back={back}
            initialValue={votes[target.id] ?? 0}
            ownComment={own}
            initialMessage={voted?.message}
          />
          {!own && <FlagButton commentId={target.id} initial={flagged} />}
        </div>
        {open && canReply && (
          <div className="mt-4">
            <CommentForm
              articleId={articleId}
              back={back}
              parentId={target.id}
              label={`Reply to ${target.authorName}`}
              submitLabel="Post reply"
              initial={replied}
            />
          </div>
        )}
        {own && (
          <OwnCommentForms commentId={target.id} body={target.body ?? ''} canEdit={canEdit} initialEdit={edited} initialDelete={deleted} />
        )}
      </>
    );
  }
  return (
    <section id="respond" aria-labelledby="respond-heading" className="mt-6 scroll-mt-20 rounded border border-stone-300 p-3">
      <h2 id="respond-heading" className="font-semibold">
        Respond to this comment
      </h2>
      <div className="mt-2">{body}</div>
    </section>
  );
}
