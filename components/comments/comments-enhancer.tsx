'use client';
import { useEffect } from 'react';
import { loadViewerState, useViewerState } from './viewer-store';

/** Loads the viewer state after hydration and shows the viewer's held comments with the reasons. */
export function CommentsEnhancer({ articleId }: { articleId: string }) {
  const state = useViewerState();
  useEffect(() => {
    void loadViewerState(articleId);
  }, [articleId]);
  if (!state?.held.length) return null;
  return (
    <section aria-labelledby="held-heading" className="my-4 rounded border border-amber-600 bg-amber-50 p-3">
      <h3 id="held-heading" className="font-semibold">Your comments awaiting review</h3>
      <ul className="mt-2 space-y-2">
        {state.held.map((h) => (
          <li key={h.id} className="text-sm">
            <p className="font-semibold">{h.status === 'pending' ? 'Held for review' : 'Not published'}{h.reason ? `: ${h.reason}` : ''}</p>
            <div className="text-stone-700 [&_p]:my-0.5" dangerouslySetInnerHTML={{ __html: h.bodyHtml }} />
          </li>
        ))}
      </ul>
    </section>
  );
}
