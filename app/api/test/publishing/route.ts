/**
 * E2e runs only (BROADSHEET_E2E=1, set by scripts/e2e-server.mjs at run time): sets this instance's clock
 * (lib/clock.ts) and runs one tick of the publish job, so a test reaches a publish time without waiting.
 * Anywhere else it does not exist: 404.
 */
import { z } from 'zod';
import { now, setNow } from '@/lib/clock';
import { publishTick } from '@/lib/publishing';

const bodySchema = z.object({
  /** ISO time the clock should read, or null for the system time; absent leaves the clock alone. */
  now: z.iso.datetime({ offset: true }).nullable().optional(),
  tick: z.boolean().default(true),
});

function enabled() {
  return process.env.BROADSHEET_E2E === '1';
}

export async function POST(req: Request) {
  if (!enabled()) return new Response('Not found', { status: 404 });
  const parsed = bodySchema.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  if (parsed.data.now !== undefined) setNow(parsed.data.now === null ? null : new Date(parsed.data.now));
  const result = parsed.data.tick ? await publishTick() : null;
  return Response.json({ now: now().toISOString(), published: result?.published ?? [], invalidated: result?.invalidated ?? [] });
}

export async function GET() {
  if (!enabled()) return new Response('Not found', { status: 404 });
  return Response.json({ now: now().toISOString() });
}
