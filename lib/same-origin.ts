/**
 * Whether a request to one of our route handlers comes from a page of this site (its Origin names the host it
 * was sent to). Next checks the origin of server actions itself, not of route handlers: every route handler
 * that writes, or hands out private data on a POST, asks this first (CSRF).
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return !!origin && !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}
