'use client';
import { useEffect, useState } from 'react';
import type { TextAnchor } from '@/db/schema/comments';
import { CommentForm } from './comment-form';

const CONTEXT = 32;

/** Select a passage of the article, then "Comment on this passage": the comment keeps a text-quote anchor. */
export function SelectionComment({ articleId, back, containerId }: { articleId: string; back: string; containerId: string }) {
  const [selected, setSelected] = useState<TextAnchor | null>(null);
  const [anchor, setAnchor] = useState<TextAnchor | null>(null);
  useEffect(() => {
    const onChange = () => {
      const container = document.getElementById(containerId);
      const sel = document.getSelection();
      if (!container || !sel || sel.rangeCount === 0 || sel.isCollapsed) {
        setSelected(null);
        return;
      }
      const range = sel.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer)) {
        setSelected(null);
        return;
      }
      const exact = range.toString().replace(/\s+/g, ' ').trim();
      if (exact.length < 3 || exact.length > 1000) {
        setSelected(null);
        return;
      }
      const before = document.createRange();
      before.setStart(container, 0);
      before.setEnd(range.startContainer, range.startOffset);
      const after = document.createRange();
      after.setStart(range.endContainer, range.endOffset);
      after.setEnd(container, container.childNodes.length);
      setSelected({
        exact,
        prefix: before.toString().replace(/\s+/g, ' ').slice(-CONTEXT),
        suffix: after.toString().replace(/\s+/g, ' ').slice(0, CONTEXT),
      });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [containerId]);
  return (
    <>
      {selected && !anchor && (
        <div className="fixed inset-x-0 bottom-4 z-20 flex justify-center px-4">
          <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => setAnchor(selected)}
            className="rounded-full bg-stone-900 px-4 py-2 font-semibold text-white shadow-lg">
            Comment on this passage
          </button>
        </div>
      )}
      {anchor && (
        <section aria-labelledby="inline-comment-heading" className="my-4 rounded border border-amber-500 bg-amber-50 p-3">
          <h3 id="inline-comment-heading" className="font-semibold">Comment on a passage</h3>
          <blockquote className="my-2 border-l-4 border-amber-400 pl-2 text-stone-700">“{anchor.exact}”</blockquote>
          <CommentForm articleId={articleId} back={back} anchor={anchor} label="Your comment on this passage" autoFocus />
          <button type="button" className="mt-2 text-sm underline" onClick={() => setAnchor(null)}>Cancel</button>
        </section>
      )}
    </>
  );
}
