'use client';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { loadLiveCommentsAction } from '@/lib/actions/comment-threads';
import type { CommentNode } from '@/lib/dal/comments';
import { CommentItem, type ThreadContext } from './comment-item';
import { loadViewerState, useViewerState } from './viewer-store';

/** A reply shown live under its parent: `list` is the parent's list of replies. */
type LiveReply = { node: CommentNode; list: HTMLElement };

/** The parent's list of replies, made (like the server's) when it had none yet. */
function repliesListOf(parent: HTMLElement): HTMLElement {
  const existing = parent.querySelector<HTMLElement>(':scope > ol');
  if (existing) return existing;
  const ol = document.createElement('ol');
  ol.className = 'ml-2 border-l-2 border-stone-200 pl-2 sm:ml-4 sm:pl-3';
  const name =
    parent
      .querySelector(':scope > article')
      ?.getAttribute('aria-label')
      ?.replace(/^Comment by /, '') ?? 'a comment';
  ol.setAttribute('aria-label', `Replies to ${name}`);
  ol.dataset.live = '';
  parent.querySelector(':scope > article')?.after(ol);
  return ol;
}

/**
 * New comments arrive over server-sent events (ids only) and appear in place, marked "New": a top-level
 * comment at the top of the thread, a reply under its parent. Nothing the reader is reading moves (the
 * browser's scroll anchoring keeps their place when something is added above). A reply to a comment that
 * is not on this page is counted instead.
 */
export function LiveBar({
  ctx,
  inlineOnly = false,
}: {
  ctx: ThreadContext;
  /** The "Inline feedback" sort: only comments on a passage. */ inlineOnly?: boolean;
}) {
  const [top, setTop] = useState<CommentNode[]>([]);
  const [replies, setReplies] = useState<LiveReply[]>([]);
  const [elsewhere, setElsewhere] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const viewerState = useViewerState();
  const me = viewerState?.viewer?.id;
  const { articleId, maxDepth } = ctx;

  useEffect(() => {
    const waiting = new Set<number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = async () => {
      const ids = [...waiting];
      waiting.clear();
      let nodes: CommentNode[] = [];
      try {
        nodes = await loadLiveCommentsAction(articleId, ids);
      } catch {
        return;
      }
      const newTop: CommentNode[] = [];
      const newReplies: LiveReply[] = [];
      let other = 0;
      for (const node of nodes) {
        if (document.getElementById(`comment-${node.id}`)) continue;
        if (node.parentId === null) {
          if (inlineOnly && !node.anchor && !node.feedbackPointId) continue;
          newTop.unshift(node);
          continue;
        }
        const parent = document.getElementById(`comment-${node.parentId}`);
        if (!parent || node.depth > maxDepth) other++;
        else newReplies.push({ node, list: repliesListOf(parent) });
      }
      if (newTop.length) setTop((t) => [...newTop, ...t]);
      if (newReplies.length) setReplies((r) => [...r, ...newReplies]);
      if (other) setElsewhere((n) => n + other);
    };
    const es = new EventSource(`/api/comments/stream?articleId=${encodeURIComponent(articleId)}`);
    es.addEventListener('comment', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent).data) as { authorId?: string; id: number };
        // The author's own comment comes with the page their post returns to.
        if (data.authorId && data.authorId === me) return;
        if (document.getElementById(`comment-${data.id}`)) return;
        waiting.add(data.id);
        clearTimeout(timer);
        timer = setTimeout(() => void flush(), 200);
      } catch {
        // ignore malformed events
      }
    });
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [articleId, maxDepth, me, inlineOnly]);

  const shown = top.length + replies.length;
  useEffect(() => {
    // The enhancer puts the vote, reply and report controls into the new comments' slots.
    if (shown) void loadViewerState(articleId);
  }, [shown, articleId]);

  useEffect(() => {
    // A refreshed thread (after an edit, say) may now carry a live comment itself: show it once.
    const section = root.current?.closest('[data-comments-article]');
    if (!section) return;
    const twice = (id: number) => section.querySelectorAll(`li[data-comment-id="${id}"]`).length > 1;
    const observer = new MutationObserver(() => {
      setTop((t) => (t.some((n) => twice(n.id)) ? t.filter((n) => !twice(n.id)) : t));
      setReplies((r) => (r.some((x) => twice(x.node.id)) ? r.filter((x) => !twice(x.node.id)) : r));
    });
    observer.observe(section, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  const fresh: ThreadContext = { ...ctx, fresh: true };
  return (
    <div ref={root}>
      <p role="status" className={shown || elsewhere ? 'my-2 text-sm font-semibold text-green-800' : 'sr-only'}>
        {shown > 0 && `${shown.toLocaleString('en-US')} new ${shown === 1 ? 'comment' : 'comments'} added to the thread, marked New.`}
        {elsewhere > 0 &&
          ` ${elsewhere.toLocaleString('en-US')} new ${elsewhere === 1 ? 'reply' : 'replies'} in conversations not shown on this page.`}
      </p>
      {top.length > 0 && (
        <ol className="mb-4 space-y-4" aria-label="New comments">
          {top.map((n) => (
            <CommentItem key={n.id} node={n} ctx={fresh} />
          ))}
        </ol>
      )}
      {replies.map((r) => createPortal(<CommentItem node={r.node} ctx={fresh} />, r.list, `live-${r.node.id}`))}
    </div>
  );
}
