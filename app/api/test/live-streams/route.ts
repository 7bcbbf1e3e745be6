/**
 * E2e runs only (BROADSHEET_E2E=1, set by scripts/e2e-server.mjs at run time): ends every live-comments stream
 * of this instance, as a dropped connection would, so a test can check that readers resume (Last-Event-ID).
 * Anywhere else it does not exist: 404.
 */
import { dropLiveStreams } from '@/lib/comments/live';

export async function POST() {
  if (process.env.BROADSHEET_E2E !== '1') return new Response('Not found', { status: 404 });
  return Response.json({ dropped: dropLiveStreams() });
}
