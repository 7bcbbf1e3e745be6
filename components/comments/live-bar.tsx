'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { loadViewerState, useViewerState } from './viewer-store';

/** "N new comments, show them": new comments arrive over server-sent events; the button refreshes the thread. */
export function LiveBar({ articleId }: { articleId: string }) {
  const [count, setCount] = useState(0);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const viewerState = useViewerState();
  const me = viewerState?.viewer?.id;
  useEffect(() => {
    const es = new EventSource(`/api/comments/stream?articleId=${encodeURIComponent(articleId)}`);
    es.addEventListener('comment', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent).data) as { authorId?: string; id: number };
        if (data.authorId && data.authorId === me) return;
        if (document.getElementById(`comment-${data.id}`)) return;
        setCount((c) => c + 1);
      } catch {
        // ignore malformed events
      }
    });
    return () => es.close();
  }, [articleId, me]);
  if (count === 0) return <div aria-live="polite" />;
  return (
    <div aria-live="polite" className="sticky top-2 z-10 my-3">
      <button type="button" disabled={pending}
        onClick={() => startTransition(() => { router.refresh(); setCount(0); setTimeout(() => void loadViewerState(articleId), 1500); })}
        className="w-full rounded bg-brand px-4 py-2 font-semibold text-white shadow">
        {count} new {count === 1 ? 'comment' : 'comments'}, show them
      </button>
    </div>
  );
}
