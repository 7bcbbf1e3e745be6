import { eq } from 'drizzle-orm';
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { authSecret, sessionCookieName, useSecureCookies } from '@/lib/auth/session-cookie';
import { isStaff } from '@/lib/auth/roles';
import { gateRequest } from '@/lib/request-gate';
import { withSecurityHeaders } from '@/lib/security-headers';

/**
 * HTTP status codes for the signed-in areas, before anything renders: an anonymous visitor of /admin or
 * /account (or one whose session was revoked) gets a real 307 to /signin?next=<page>, and a signed-in
 * non-staff or banned user of /admin a real 403 "Not for your account" page.
 * This is not the authorization: every page, action and route handler checks again in the data access
 * layer (lib/dal), which is what keeps data safe.
 */
export async function proxy(req: NextRequest) {
  // Every request: 400 for a malformed address, 503 while the database is unreachable (lib/request-gate.ts),
  // and CSP/HSTS on every answer (lib/security-headers.ts).
  const early = await gateRequest(req.nextUrl.pathname, req.nextUrl.search);
  if (early) return withSecurityHeaders(early);
  if (!SIGNED_IN_AREAS.test(req.nextUrl.pathname)) return withSecurityHeaders(NextResponse.next());
  return withSecurityHeaders(await signedInAreas(req));
}

async function signedInAreas(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  // Only page navigations: route handlers (CSV export, uploads, data export) and server actions answer
  // 401/403 themselves from the data access layer.
  if (req.method !== 'GET' || !(req.headers.get('accept') ?? '').includes('text/html')) return NextResponse.next();
  const secret = authSecret();
  const cookieName = sessionCookieName();
  const token = secret
    ? await getToken({ req, secret, cookieName, salt: cookieName, secureCookie: useSecureCookies() }).catch(() => null)
    : null;
  let user: { role: (typeof users.$inferSelect)['role']; sessionVersion: number; bannedUntil: Date | null; deletedAt: Date | null } | undefined;
  if (token && typeof token.uid === 'string' && typeof token.sv === 'number') {
    const db = await getDb();
    [user] = await db
      .select({ role: users.role, sessionVersion: users.sessionVersion, bannedUntil: users.bannedUntil, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, token.uid));
    if (user && (user.deletedAt || user.sessionVersion !== token.sv)) user = undefined;
  }
  if (!user) {
    const to = new URL('/signin', req.nextUrl);
    to.searchParams.set('next', pathname + search);
    return NextResponse.redirect(to, 307);
  }
  const banned = !!user.bannedUntil && user.bannedUntil.getTime() > Date.now();
  if (pathname.startsWith('/admin') && (!isStaff(user.role) || banned)) {
    return new NextResponse(FORBIDDEN_HTML, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  }
  return NextResponse.next();
}

const FORBIDDEN_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not for your account | Broadsheet</title><meta name="robots" content="noindex"></head>
<body style="font-family: Georgia, serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1c1917">
<p style="font: bold 0.8rem system-ui, sans-serif; color: #b91c1c; letter-spacing: .05em">403</p>
<h1>Not for your account</h1>
<p>This part of the newsroom is not open to your account. Ask an administrator if you think it should be.</p>
<p><a href="/">Go to the front page</a> · <a href="/account">Your account</a></p></body></html>`;

const SIGNED_IN_AREAS = /^\/(admin|account)(\/|$)/;

// Everything but build assets and media files (neither touches the database nor has a malformed name).
export const config = { matcher: ['/((?!_next/static|_next/image|media/|favicon\\.ico).*)'] };
