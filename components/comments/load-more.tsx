'use client';
import { useState, useTransition } from 'react';
import type { CommentNode } from '@/lib/dal/comments';
import { loadMoreThreadsAction } from '@/lib/actions/comment-threads';
import { CommentItem, type ThreadContext } from './comment-item';
import { loadViewerState } from './viewer-store';

/**
 * "Load more comments": a link to the next keyset page (works without JavaScript); with JavaScript the
 * next page is fetched and appended in place.
 */
export function LoadMore({ ctx, sort, next, hrefBase }: { ctx: ThreadContext; sort: string; next: string; hrefBase: string }) {
  const [pages, setPages] = useState<CommentNode[][]>([]);
  const [cursor, setCursor] = useState<string | null>(next);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {pages.map((threads, i) => (
        <ol key={i} className="mt-4 space-y-4" aria-label={`More comments, page ${i + 2}`}>
          {threads.map((t) => (
            <CommentItem key={t.id} node={t} ctx={ctx} />
          ))}
        </ol>
      ))}
      {error && (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      )}
      {cursor && (
        <a
          href={`${hrefBase}/${cursor}#comments`}
          aria-disabled={pending}
          className="mt-6 block rounded border border-stone-900 px-4 py-2 text-center font-semibold hover:bg-stone-100"
          onClick={(e) => {
            e.preventDefault();
            if (pending) return;
            startTransition(async () => {
              try {
                const page = await loadMoreThreadsAction(ctx.articleId, sort, cursor);
                setPages((p) => [...p, page.threads]);
                setCursor(page.next);
                setTimeout(() => void loadViewerState(ctx.articleId), 0);
              } catch {
                setError('Could not load more comments. Try again.');
              }
            });
          }}
        >
          {pending ? 'Loading…' : 'Load more comments'}
        </a>
      )}
    </>
  );
}
