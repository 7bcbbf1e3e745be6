import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { userForSession } from '@/lib/auth/session-check';
import { authSecret, sessionCookieName, secureCookiesWanted } from '@/lib/auth/session-cookie';
import { isBannedNow } from '@/lib/auth/ban';
import { adminSection, can, isStaff } from '@/lib/auth/roles';
import { legacyRedirect } from '@/lib/import/legacy';
import { isConnectionError, noteDatabaseError } from '@/db/client';
import { gateRequest, statusPage, tooLargeRequest, unavailablePage } from '@/lib/request-gate';
import { withSecurityHeaders } from '@/lib/security-headers';

/** Runs before every request but build assets and media (see `config.matcher`). */
export async function proxy(req: NextRequest) {
  // Every request: 413 for a body over its limit, 400 for a malformed address, 503 while the
  // database is unreachable (lib/request-gate.ts), and CSP/HSTS on every answer (lib/security-headers.ts).
  const early =
    tooLargeRequest(req.method, req.nextUrl.pathname, req.headers) ??
    (await gateRequest(req.nextUrl.pathname, req.nextUrl.search, req.headers.has('next-action')));
  if (early) return withSecurityHeaders(early);
  // Links to the newsroom's old WordPress site: a 301 to the imported page (lib/import/legacy.ts).
  const moved =
    req.method === 'GET' || req.method === 'HEAD'
      ? await legacyRedirect(req.nextUrl.pathname, req.nextUrl.searchParams).catch(() => null)
      : null;
  if (moved) return withSecurityHeaders(NextResponse.redirect(new URL(moved, req.nextUrl.origin), 301));
  // Any other address with a trailing slash (WordPress's style: /category/x/, /tag/y/): the same page
  // without it, permanently (what Next does by itself with a 308, see skipTrailingSlashRedirect in
  // next.config.js), after the old-address lookup above had its chance.
  if (req.nextUrl.pathname.length > 1 && req.nextUrl.pathname.endsWith('/')) {
    const path = req.nextUrl.pathname.replace(/\/+$/, '') || '/';
    // A plain URL: a NextURL clone would put the trailing slash back when formatted.
    return withSecurityHeaders(
      NextResponse.redirect(
        new URL(path + req.nextUrl.search, req.nextUrl.origin),
        req.method === 'GET' || req.method === 'HEAD' ? 301 : 308,
      ),
    );
  }
  if (!SIGNED_IN_AREAS.test(req.nextUrl.pathname)) return withSecurityHeaders(NextResponse.next());
  try {
    return withSecurityHeaders(await signedInAreas(req));
  } catch (err) {
    // The session check could not reach the database (it went away after the gate above): a 503, not a 500.
    if (!isConnectionError(err)) throw err;
    noteDatabaseError(err);
    return withSecurityHeaders(unavailablePage());
  }
}

/**
 * HTTP status codes for the signed-in areas, before anything renders: an anonymous visitor of /admin or
 * /account (or one whose session was revoked) gets a real 307 to /signin?next=<page>, a signed-in
 * non-staff or banned user of /admin a real 403 "Not for your account" page, and staff whose role lacks a
 * section's permission (lib/auth/roles.ts ADMIN_SECTIONS) the same 403, or a 404 for a hidden section.
 * This is not the authorization: every page, action and route handler checks again in the data access
 * layer (lib/dal), which is what keeps data safe. It only covers GET page navigations under the matcher;
 * everything else passes straight through.
 */
async function signedInAreas(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  // Only page navigations: route handlers (CSV export, uploads, data export) and server actions answer
  // 401/403 themselves from the data access layer.
  if (req.method !== 'GET' || !(req.headers.get('accept') ?? '').includes('text/html')) return NextResponse.next();
  const secret = authSecret();
  const cookieName = sessionCookieName();
  const token = secret
    ? await getToken({ req, secret, cookieName, salt: cookieName, secureCookie: secureCookiesWanted() }).catch(() => null)
    : null;
  // The same check as the data access layer (session version, signed-out session id, deleted user), shared
  // so the two cannot drift apart; a wrong answer here only changes a status code, never what data is shown.
  const user = await userForSession(token);
  if (!user) {
    const to = new URL('/signin', req.nextUrl);
    to.searchParams.set('next', pathname + search);
    return NextResponse.redirect(to, 307);
  }
  if (pathname.startsWith('/admin')) {
    const section = adminSection(pathname);
    if (!isStaff(user.role) || isBannedNow(user)) return forbidden();
    if (section && !can(user.role, section.permission)) return section.hidden ? notInTheNewsroom() : forbidden();
  }
  return NextResponse.next();
}

const forbidden = () =>
  statusPage(
    403,
    'Not for your account',
    `<p>This part of the newsroom is not open to your account. Ask an administrator if you think it should be.</p>
<p><a href="/">Go to the front page</a> · <a href="/account">Your account</a></p>`,
  );

const notInTheNewsroom = () =>
  statusPage(
    404,
    'Not in the newsroom',
    `<p>That page or record does not exist, or was deleted.</p>
<p><a href="/admin">Back to the dashboard</a></p>`,
  );

const SIGNED_IN_AREAS = /^\/(admin|account)(\/|$)/;

// Everything but build assets and media files (neither touches the database nor has a malformed name).
export const config = { matcher: ['/((?!_next/static|_next/image|media/|favicon\\.ico).*)'] };
