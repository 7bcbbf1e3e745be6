'use client';
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { updateRelativeTimes } from '@/lib/comments/relative-time';
import { CommentActions, type ActionsContext } from './comment-actions';
import { useCommentSlots } from './slot-store';
import { loadViewerState, useViewerLoads, useViewerState } from './viewer-store';

/**
 * The one client component of a cached thread: loads the viewer state after hydration (votes, own comments,
 * held comments), marks the page as enhanced (the static links of each comment hide, see CommentItem) and
 * renders each comment's controls into its actions slot. Finds comments added later (load more, a refresh)
 * after every viewer-state load. Also shows the viewer's held comments with the reasons.
 */
export function CommentsEnhancer({ articleId, back }: { articleId: string; back: string }) {
  const state = useViewerState();
  const loads = useViewerLoads();
  const slots = useCommentSlots();
  useEffect(() => {
    document.documentElement.dataset.commentsJs = '';
    void loadViewerState(articleId);
  }, [articleId]);
  useEffect(() => {
    // "5 minutes ago" (the exact time stays in each title), kept current while the page is open.
    updateRelativeTimes(document);
    const t = setInterval(() => updateRelativeTimes(document), 60_000);
    return () => clearInterval(t);
  }, [loads]);
  const ctx: ActionsContext = { articleId, back };
  return (
    <>
      {slots.filter((s) => s.el.isConnected).map((s) => createPortal(<CommentActions c={s.c} ctx={ctx} />, s.el, `a${s.c.id}`))}
      {!!state?.held.length && (
        <section aria-labelledby="held-heading" className="my-4 rounded border border-amber-600 bg-amber-50 p-3">
          <h3 id="held-heading" className="font-semibold">
            Your comments awaiting review
          </h3>
          <ul className="mt-2 space-y-2">
            {state.held.map((h) => (
              <li key={h.id} className="text-sm">
                <p className="font-semibold">
                  {h.status === 'pending' ? 'Held for review' : 'Not published'}
                  {h.reason ? `: ${h.reason}` : ''}
                </p>
                <div className="text-stone-700 [&_p]:my-0.5" dangerouslySetInnerHTML={{ __html: h.bodyHtml }} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
