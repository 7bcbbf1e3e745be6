/**
 * GET /api/comments/stream?articleId=... under `next dev` or a bare `next start`. `npm start` (server.mjs)
 * answers this address itself, before Next, at a fraction of the memory per stream: lib/comments/live-http.ts,
 * which this shares every rule with (gate, article check, headers, backlog, buffer ceiling).
 * On shutdown every stream is ended, so the process can exit; the browser's EventSource reconnects and resumes.
 */
import { maxBufferBytes, subscribe, type LiveClient } from '@/lib/comments/live';
import { prepareStream, STREAM_HEADERS, STREAM_PREAMBLE } from '@/lib/comments/live-http';

export async function GET(request: Request) {
  const prepared = await prepareStream(new URL(request.url), request.headers.get('last-event-id'));
  if (prepared instanceof Response) return prepared;
  const encoder = new TextEncoder();
  let off = () => {};
  let closed = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const client: LiveClient = {
          send(frame) {
            if (closed) return false;
            // desiredSize: the ceiling minus the bytes queued and not yet read by the connection.
            if ((controller.desiredSize ?? 0) < frame.length) {
              client.close();
              return false;
            }
            controller.enqueue(frame);
            return true;
          },
          close() {
            if (closed) return;
            closed = true;
            off();
            try {
              controller.close();
            } catch {
              // already closed
            }
          },
        };
        controller.enqueue(encoder.encode(STREAM_PREAMBLE));
        try {
          off = await subscribe(prepared.articleId, prepared.lastId, client);
        } catch {
          client.close();
          return;
        }
        if (request.signal.aborted) return client.close();
        request.signal.addEventListener('abort', () => client.close());
      },
      cancel() {
        closed = true;
        off();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: maxBufferBytes() }),
  );
  return new Response(stream, { headers: Object.fromEntries(STREAM_HEADERS) });
}
