'use client';
import { useState } from 'react';
import { ACTION_CLASS } from './comment-item';
import { CommentForm } from './comment-form';
import { FlagButton } from './flag-button';
import { OwnerControls } from './owner-controls';
import { useViewerState } from './viewer-store';
import { VoteButtons } from './vote-buttons';

/** What the static comment markup tells the enhancer about one comment (data-* on its actions slot). */
export type SlotComment = {
  id: number;
  score: number;
  authorId: string | null;
  createdAt: string;
  authorName: string;
  canReply: boolean;
  /** The comment's permalink (for Share). */
  permalink: string;
};
export type ActionsContext = { articleId: string; back: string };

/** Reads one comment from its static markup: the slot carries its id, the comment around it the rest. */
export function readSlot(el: HTMLElement): SlotComment {
  const li = el.closest<HTMLElement>('li[data-comment-id]');
  const article = el.closest('article');
  return {
    id: Number(el.dataset.actionsSlot),
    score: Number(article?.querySelector('[data-static-actions] [data-testid="score"]')?.textContent ?? 0),
    authorId: li?.dataset.authorId || null,
    createdAt: article?.querySelector('header time')?.getAttribute('datetime') ?? '',
    authorName: (article?.getAttribute('aria-label') ?? '').replace(/^Comment by /, ''),
    canReply: el.dataset.reply === '1',
    permalink: article?.querySelector('header a:has(> time[data-relative])')?.getAttribute('href') ?? `#comment-${el.dataset.actionsSlot}`,
  };
}

/** The interactive controls of one comment (vote, reply, edit/delete own, report), built in the browser. */
export function CommentActions({ c, ctx }: { c: SlotComment; ctx: ActionsContext }) {
  const viewerState = useViewerState();
  const [replying, setReplying] = useState(false);
  return (
    <>
      <VoteButtons commentId={c.id} score={c.score} authorId={c.authorId} back={ctx.back} />
      {c.canReply && (
        <button type="button" aria-expanded={replying} onClick={() => setReplying((r) => !r)} className={ACTION_CLASS}>
          Reply
        </button>
      )}
      <OwnerControls commentId={c.id} authorId={c.authorId} createdAt={c.createdAt} body={viewerState?.own[c.id] ?? ''} />
      <FlagButton commentId={c.id} />
      <ShareButton permalink={c.permalink} />
      {replying && (
        <div className="mt-2 w-full">
          <CommentForm
            articleId={ctx.articleId}
            back={ctx.back}
            parentId={c.id}
            label={`Reply to ${c.authorName}`}
            submitLabel="Post reply"
            autoFocus
          />
        </div>
      )}
    </>
  );
}

/** Copies the comment's address (the system share sheet where there is one, on phones). */
function ShareButton({ permalink }: { permalink: string }) {
  const [done, setDone] = useState<string | null>(null);
  const url = () => new URL(permalink, window.location.href).toString();
  async function share() {
    try {
      if (navigator.share && matchMedia('(pointer: coarse)').matches) {
        await navigator.share({ url: url() });
        return;
      }
      await navigator.clipboard.writeText(url());
      setDone('Link copied');
    } catch {
      setDone(null);
    }
  }
  return (
    <span className="inline-flex items-center gap-1">
      <button type="button" onClick={() => void share()} className={ACTION_CLASS}>
        Share
      </button>
      <span role="status" className="text-xs text-green-800">
        {done}
      </span>
    </span>
  );
}
