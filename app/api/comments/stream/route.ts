/**
 * Server-sent events of new comments on one article (GET /api/comments/stream?articleId=...), fed by
 * Postgres LISTEN/NOTIFY. Read-only and public: it carries comment ids, never content.
 * On shutdown (instrumentation.ts) every stream is ended, so the process can exit; the browser's
 * EventSource reconnects after `retry`.
 */
import { getArticleForComments } from '@/lib/dal/comments';
import { liveShuttingDown, onArticleComments, trackStream } from '@/lib/comments/live';
import { isConnectionError, noteDatabaseError, RETRY_AFTER_SECONDS } from '@/db/client';
import { hasControlChars } from '@/lib/validation/text';

const unavailable = () =>
  new Response('Temporarily unavailable, try again in a minute.', {
    status: 503,
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'content-type': 'text/plain; charset=utf-8' },
  });

export async function GET(request: Request) {
  const articleId = new URL(request.url).searchParams.get('articleId') ?? '';
  if (!articleId || articleId.length > 100 || hasControlChars(articleId)) return new Response('articleId required', { status: 400 });
  if (liveShuttingDown()) return unavailable();
  let article: Awaited<ReturnType<typeof getArticleForComments>>;
  try {
    article = await getArticleForComments(articleId);
  } catch (err) {
    if (!isConnectionError(err)) throw err;
    noteDatabaseError(err);
    return unavailable();
  }
  if (!article) return new Response('Not found', { status: 404 });
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup?.();
        }
      };
      send('retry: 5000\n: connected\n\n');
      const untrack = trackStream(close);
      let off: () => void;
      try {
        off = await onArticleComments(article.id, (e) => {
          send(`event: comment\nid: ${e.id}\ndata: ${JSON.stringify({ id: e.id, parentId: e.parentId, authorId: e.authorId })}\n\n`);
        });
      } catch {
        // LISTEN failed (database unreachable): end the stream; the browser retries later.
        untrack();
        close();
        return;
      }
      const ping = setInterval(() => send(': ping\n\n'), 25_000);
      cleanup = () => {
        clearInterval(ping);
        off();
        untrack();
      };
      if (closed) return cleanup(); // shut down while subscribing
      if (request.signal.aborted) return close();
      request.signal.addEventListener('abort', close);
    },
    cancel() {
      cleanup?.();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
