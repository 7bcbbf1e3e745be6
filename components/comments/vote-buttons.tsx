'use client';
import { startTransition, useOptimistic, useState } from 'react';
import { voteAction, voteFormAction } from '@/lib/actions/comments';
import { verifyEmailHref } from '@/lib/validation/comment-rules';
import { useHydrated } from './use-hydrated';
import { setVote, useViewerState } from './viewer-store';

/**
 * Up/down votes. Before hydration (or without JavaScript) a plain form post that comes back to the comment;
 * afterwards optimistic: the score moves at once and settles on what the server returns. Clicking your
 * current vote again withdraws it.
 */
export function VoteButtons({
  commentId,
  score,
  authorId,
  back,
  initialValue = 0,
  ownComment = false,
  initialMessage,
}: {
  commentId: number;
  score: number;
  authorId: string | null;
  back: string;
  /** The viewer's vote as the server knows it, on pages rendered per request (the comment's own page). */
  initialValue?: number;
  /** Known on the server when the page is rendered for the viewer (no voting on your own comment). */
  ownComment?: boolean;
  /** Why a vote posted without JavaScript was not counted (read by the page, see readFlash). */
  initialMessage?: string;
}) {
  const viewerState = useViewerState();
  const hydrated = useHydrated();
  const storedVote = viewerState ? (viewerState.votes[commentId] ?? 0) : initialValue;
  // What the server last said: its answer to a vote here, or newer news from the page (a score in fresh
  // markup, the viewer's vote once their state has loaded), whichever came last.
  const [confirmed, setConfirmed] = useState({ score, value: storedVote });
  const [news, setNews] = useState({ score, storedVote });
  if (news.score !== score || news.storedVote !== storedVote) {
    setNews({ score, storedVote });
    setConfirmed((c) => ({ score: news.score !== score ? score : c.score, value: news.storedVote !== storedVote ? storedVote : c.value }));
  }
  const [message, setMessage] = useState<string | null>(initialMessage ?? null);
  const [needsVerification, setNeedsVerification] = useState(false);
  const [optimistic, setOptimistic] = useOptimistic(confirmed);
  const own = ownComment || (!!viewerState?.viewer && viewerState.viewer.id === authorId);
  // As a plain form post, pressing your current vote again sends 0: it withdraws the vote.
  const plainValue = (v: 1 | -1) => (optimistic.value === v ? '0' : String(v));

  function vote(v: 1 | -1) {
    const next = optimistic.value === v ? 0 : v;
    setMessage(null);
    startTransition(async () => {
      setOptimistic({ value: next, score: optimistic.score - optimistic.value + next });
      const r = await voteAction(commentId, next);
      if (r.ok && typeof r.score === 'number') {
        setConfirmed({ score: r.score, value: r.value ?? next });
        setVote(commentId, r.value ?? next);
      } else {
        setMessage(r.message ?? 'Your vote was not counted.');
        setNeedsVerification(!!r.needsVerification);
      }
    });
  }

  const btn = (active: boolean) =>
    `inline-flex h-8 min-w-8 items-center justify-center rounded border px-2 text-sm ${active ? 'border-stone-900 bg-stone-900 text-white' : 'border-stone-300 hover:bg-stone-100'}`;
  return (
    <form action={voteFormAction} className="inline-flex items-center gap-1" aria-label={`Vote on comment ${commentId}`}>
      <input type="hidden" name="commentId" value={commentId} />
      <input type="hidden" name="back" value={back} />
      <button
        type={hydrated ? 'button' : 'submit'}
        name="value"
        value={plainValue(1)}
        aria-label="Upvote"
        aria-pressed={optimistic.value === 1}
        disabled={own}
        title={own ? 'You cannot vote on your own comment' : optimistic.value === 1 ? 'Withdraw your upvote' : 'Upvote'}
        className={btn(optimistic.value === 1)}
        onClick={hydrated ? () => vote(1) : undefined}
      >
        ▲
      </button>
      <span className="min-w-6 text-center text-sm font-semibold tabular-nums" data-testid="score" aria-label={`Score ${optimistic.score}`}>
        {optimistic.score}
      </span>
      <button
        type={hydrated ? 'button' : 'submit'}
        name="value"
        value={plainValue(-1)}
        aria-label="Downvote"
        aria-pressed={optimistic.value === -1}
        disabled={own}
        title={own ? 'You cannot vote on your own comment' : optimistic.value === -1 ? 'Withdraw your downvote' : 'Downvote'}
        className={btn(optimistic.value === -1)}
        onClick={hydrated ? () => vote(-1) : undefined}
      >
        ▼
      </button>
      {message && (
        <span role="alert" className="ml-2 text-sm text-red-700">
          {message}
          {needsVerification && (
            <>
              {' '}
              <a href={verifyEmailHref('vote', back)} className="underline">
                Send me a new verification link
              </a>
            </>
          )}
        </span>
      )}
    </form>
  );
}
