/**
 * Server-sent events of new comments on one article (GET /api/comments/stream?articleId=...), fed by
 * Postgres LISTEN/NOTIFY. Read-only and public: it carries comment ids, never content.
 */
import { getArticleForComments } from '@/lib/dal/comments';
import { onArticleComments } from '@/lib/comments/live';

export async function GET(request: Request) {
  const articleId = new URL(request.url).searchParams.get('articleId') ?? '';
  if (!articleId || articleId.length > 100) return new Response('articleId required', { status: 400 });
  const article = await getArticleForComments(articleId);
  if (!article) return new Response('Not found', { status: 404 });
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup?.();
        }
      };
      send('retry: 5000\n: connected\n\n');
      const off = await onArticleComments(article.id, (e) => {
        send(`event: comment\nid: ${e.id}\ndata: ${JSON.stringify({ id: e.id, parentId: e.parentId, authorId: e.authorId })}\n\n`);
      });
      const ping = setInterval(() => send(': ping\n\n'), 25_000);
      cleanup = () => {
        clearInterval(ping);
        off();
      };
      request.signal.addEventListener('abort', () => {
        cleanup?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
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
