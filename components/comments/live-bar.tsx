'use client';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useRouter } from 'next/navigation';
import type { CommentNode, LiveComment } from '@/lib/dal/comments';
import { CommentItem, type ThreadContext } from './comment-item';
import { rescanCommentSlots } from './slot-store';
import { useViewerState } from './viewer-store';

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

const toNode = (c: LiveComment): CommentNode => ({
  ...c,
  body: null,
  status: 'approved',
  holdReason: null,
  replies: [],
  moreReplies: null,
});

/**
 * A comment of the server-rendered thread changed (edited, deleted, removed, pinned): the change is made in
 * the page's markup where React does not render (the body's HTML, attributes), so the thread stays as it is.
 */
function patchRendered(event: 'update' | 'delete' | 'remove', id: number, c?: LiveComment) {
  const li = document.getElementById(`comment-${id}`);
  if (!li) return;
  const article = li.querySelector<HTMLElement>(':scope > article');
  const body = article?.querySelector<HTMLElement>('.prose-comment');
  if (event === 'remove') {
    li.hidden = true;
    li.dataset.removed = '';
    return;
  }
  if (event === 'delete') {
    if (body) body.innerHTML = '<p class="text-sm text-stone-500 italic">Comment deleted</p>';
    article?.setAttribute('aria-label', 'Deleted comment');
    for (const el of article?.querySelectorAll<HTMLElement>(':scope > header, :scope > blockquote, :scope > footer') ?? [])
      el.hidden = true;
    return;
  }
  if (!c || !article) return;
  if (body && c.bodyHtml !== null) body.innerHTML = c.bodyHtml;
  if (c.editedAt) article.dataset.edited = c.editedAt;
  if (c.pinned) article.dataset.pinned = '';
  else delete article.dataset.pinned;
}

/**
 * The thread, live. Events of the article's stream (lib/comments/live.ts) carry each comment's content, so
 * nothing else is asked of the server: a new comment appears in place, marked "New" (a top-level one at the
 * top of the thread, a reply under its parent; a reply to a comment not on this page is counted), an edit or a
 * pin updates it, a deletion leaves "Comment deleted", a moderator's removal takes it away. Its controls come
 * from the viewer state the page already has (no vote yet, not the viewer's: the viewer's own comments come
 * with the page their post returns to). Nothing the reader is reading moves (the browser's scroll anchoring
 * keeps their place when something is added above). After a long disconnection the stream says how many
 * comments the page lacks, and one click loads the thread again.
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
  const [missed, setMissed] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const viewerState = useViewerState();
  const me = useRef<string | undefined>(undefined);
  const viewerId = viewerState?.viewer?.id;
  useEffect(() => {
    me.current = viewerId;
  }, [viewerId]);
  const { articleId, maxDepth, liveEventId } = ctx;

  useEffect(() => {
    // From the event the rendered thread is up to date with: what happened since the render comes first. (On
    // its own reconnections EventSource sends Last-Event-ID, which the server prefers.)
    const from = liveEventId ? `&lastEventId=${liveEventId}` : '';
    const es = new EventSource(`/api/comments/stream?articleId=${encodeURIComponent(articleId)}${from}`);
    const read = <T,>(e: Event): T | null => {
      try {
        return JSON.parse((e as MessageEvent).data) as T;
      } catch {
        return null;
      }
    };
    es.addEventListener('comment', (e) => {
      const c = read<LiveComment>(e);
      if (!c || (c.authorId && c.authorId === me.current)) return;
      if (document.getElementById(`comment-${c.id}`)) return;
      const node = toNode(c);
      if (node.parentId === null) {
        if (inlineOnly && !node.anchor && !node.feedbackPointId) return;
        setTop((t) => (t.some((n) => n.id === node.id) ? t : [node, ...t]));
        return;
      }
      const parent = document.getElementById(`comment-${node.parentId}`);
      if (!parent || parent.hidden || node.depth > maxDepth) setElsewhere((n) => n + 1);
      else setReplies((r) => (r.some((x) => x.node.id === node.id) ? r : [...r, { node, list: repliesListOf(parent) }]));
    });
    const change = (event: 'update' | 'delete' | 'remove') => (e: Event) => {
      const data = read<LiveComment>(e);
      if (!data || !Number.isSafeInteger(data.id)) return;
      const edit = (n: CommentNode): CommentNode | null =>
        event === 'remove'
          ? null
          : event === 'delete'
            ? { ...n, deleted: true, bodyHtml: null, authorName: '', authorId: null, anchor: null }
            : { ...toNode(data), replyCount: n.replyCount };
      let live = false;
      setTop((t) => {
        if (!t.some((n) => n.id === data.id)) return t;
        live = true;
        return t.flatMap((n) => (n.id === data.id ? (edit(n) ?? []) : [n]));
      });
      setReplies((r) => {
        if (!r.some((x) => x.node.id === data.id)) return r;
        live = true;
        return r.flatMap((x) => {
          if (x.node.id !== data.id) return [x];
          const node = edit(x.node);
          return node ? [{ ...x, node }] : [];
        });
      });
      // Not one of ours: a comment the server rendered.
      queueMicrotask(() => {
        if (!live) patchRendered(event, data.id, event === 'update' ? data : undefined);
      });
    };
    es.addEventListener('update', change('update'));
    es.addEventListener('delete', change('delete'));
    es.addEventListener('remove', change('remove'));
    es.addEventListener('gap', (e) => {
      const data = read<{ missed: number }>(e);
      if (data && data.missed > 0) setMissed((m) => m + data.missed);
    });
    return () => es.close();
  }, [articleId, maxDepth, inlineOnly, liveEventId]);

  useEffect(() => {
    // The enhancer puts the vote, reply and report controls into the new comments' slots: from the viewer
    // state it already has (a new comment has no vote of theirs and is not theirs), no request.
    rescanCommentSlots();
  }, [top, replies]);

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

  const shown = top.length + replies.length;
  const fresh: ThreadContext = { ...ctx, fresh: true };
  return (
    <div ref={root}>
      <p role="status" className={shown || elsewhere ? 'my-2 text-sm font-semibold text-green-800' : 'sr-only'}>
        {shown > 0 && `${shown.toLocaleString('en-US')} new ${shown === 1 ? 'comment' : 'comments'} added to the thread, marked New.`}
        {elsewhere > 0 &&
          ` ${elsewhere.toLocaleString('en-US')} new ${elsewhere === 1 ? 'reply' : 'replies'} in conversations not shown on this page.`}
      </p>
      {missed > 0 && (
        <button
          type="button"
          className="my-2 rounded border border-green-800 px-3 py-1 text-sm font-semibold text-green-800"
          onClick={() => {
            setMissed(0);
            router.refresh();
          }}
        >
          {`${missed.toLocaleString('en-US')} new ${missed === 1 ? 'comment' : 'comments'}, show them`}
        </button>
      )}
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
