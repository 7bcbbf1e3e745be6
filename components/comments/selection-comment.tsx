'use client';
import { useEffect, useEffectEvent, useState } from 'react';
import { createPortal } from 'react-dom';
import type { TextAnchor } from '@/db/schema/comments';
import { IGNORE, rootText, textOffset } from '@/lib/anchoring/dom';
import { describeRange } from '@/lib/anchoring/text-quote';
import { CommentForm } from './comment-form';

/** The block of the article (a paragraph, list, quote…) that holds a node: the form opens after it. */
function blockOf(root: Element, node: Node): Element | null {
  let el: Element | null = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  while (el && el.parentElement && !el.parentElement.hasAttribute('data-body-part')) {
    if (el === root) return null;
    el = el.parentElement;
  }
  return el && el.parentElement?.hasAttribute('data-body-part') ? el : null;
}

function makeHost(): HTMLElement | null {
  if (typeof document === 'undefined') return null;
  const el = document.createElement('div');
  el.setAttribute(IGNORE, '');
  el.className = 'not-prose font-sans text-base';
  return el;
}

/**
 * Select a passage of the article, then "Comment on this passage": the button and then the form open right
 * after the paragraph that holds the selection. The anchor (lib/anchoring) is taken from the article's own
 * text: feedback panels and other additions inside the body are left out. The server re-describes it from
 * the stored article before saving, so what is kept never depends on the page around the text.
 */
export function SelectionComment({ articleId, back, containerId }: { articleId: string; back: string; containerId: string }) {
  const [selected, setSelected] = useState<TextAnchor | null>(null);
  const [anchor, setAnchor] = useState<TextAnchor | null>(null);
  // Where the button and the form render: made in the browser (none in the server HTML, where nothing shows
  // yet), put after the selected paragraph, removed with the component.
  const [host] = useState(makeHost);
  useEffect(() => () => host?.remove(), [host]);

  // While the form is open, selecting text (in the form, say) leaves it where it is.
  const onSelectionChange = useEffectEvent(() => {
    if (anchor || !host) return;
    const root = document.getElementById(containerId);
    const sel = document.getSelection();
    if (!root || !sel || sel.rangeCount === 0 || sel.isCollapsed) return setSelected(null);
    const range = sel.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer) || host.contains(range.commonAncestorContainer)) return setSelected(null);
    const text = rootText(root);
    let start = textOffset(root, range.startContainer, range.startOffset);
    let end = textOffset(root, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end - start < 3 || end - start > 1000) return setSelected(null);
    const block = blockOf(root, range.endContainer);
    if (!block) return setSelected(null);
    if (host.previousElementSibling !== block) block.after(host);
    setSelected(describeRange(text, start, end));
  });
  useEffect(() => {
    const onChange = () => onSelectionChange();
    document.addEventListener('selectionchange', onChange);
    // A passage selected before the page was ready counts too.
    onChange();
    return () => document.removeEventListener('selectionchange', onChange);
  }, [containerId]);

  if (!host || (!selected && !anchor)) return null;
  return createPortal(
    anchor ? (
      <section aria-labelledby="inline-comment-heading" className="my-4 rounded border border-amber-500 bg-amber-50 p-3">
        <h3 id="inline-comment-heading" className="font-semibold">
          Comment on a passage
        </h3>
        <blockquote className="my-2 border-l-4 border-amber-400 pl-2 text-stone-700">“{anchor.exact}”</blockquote>
        <CommentForm articleId={articleId} back={back} anchor={anchor} label="Your comment on this passage" autoFocus />
        <button
          type="button"
          className="mt-2 text-sm underline"
          onClick={() => {
            setAnchor(null);
            setSelected(null);
          }}
        >
          Cancel
        </button>
      </section>
    ) : (
      <div className="my-2">
        <button
          type="button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => setAnchor(selected)}
          className="rounded-full bg-stone-900 px-4 py-2 text-sm font-semibold text-white shadow"
        >
          Comment on this passage
        </button>
      </div>
    ),
    host,
  );
}
