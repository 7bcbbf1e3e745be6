import 'server-only';
/**
 * What the route handlers that take a form post share (uploads of pictures and exports): Next checks neither
 * the origin nor the size of a route handler's body, so they do it themselves, before reading it.
 */
import { UserError } from '@/lib/errors';

/**
 * A 303 to a path of this site, as a relative Location: `req.url` carries the address the server listens on,
 * which behind a proxy (or 127.0.0.1 vs localhost) is another origin, and CSP's form-action 'self' then
 * blocks the redirect of a plain form post.
 */
export function seeOther(pathAndQuery: string): Response {
  return new Response(null, { status: 303, headers: { location: pathAndQuery } });
}

/** Whether the post comes from a page of this site (the Origin header against the Host it was sent to): CSRF. */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return !!origin && !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The declared size of the body is over `maxBytes` (a body without a Content-Length is counted while read). */
export function declaredTooLarge(req: Request, maxBytes: number): boolean {
  return Number(req.headers.get('content-length') ?? '0') > maxBytes;
}

/**
 * The posted form, read only up to `maxBytes`: a bigger body (whatever its Content-Length says) is refused with
 * `tooLarge` as soon as it passes the limit, before it is all in memory.
 */
export async function readForm(req: Request, maxBytes: number, tooLarge: () => UserError): Promise<FormData> {
  if (declaredTooLarge(req, maxBytes)) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new UserError('The upload could not be read. Please try again.', 400);
  }
}
