import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { SIGNIN_THROTTLED_HINT } from '@/lib/dal/signin';
import { retryMessage } from '@/lib/rate-limit';

/**
 * Auth.js builds its redirects and links from the request URL. Behind `next start -H <ip>` or a proxy that URL
 * can name another host than the one the browser used (and holds the cookies for), so it is re-based on
 * SITE_URL, the address the site is published at (like next-auth's own AUTH_URL).
 */
function onSiteOrigin(request: NextRequest): NextRequest {
  const site = process.env.SITE_URL;
  if (!site) return request;
  const { origin } = new URL(site);
  if (request.nextUrl.origin === origin) return request;
  return new NextRequest(request.nextUrl.href.replace(request.nextUrl.origin, origin), request);
}

export async function GET(request: NextRequest) {
  return handlers.GET(onSiteOrigin(request));
}

/**
 * A throttled credentials sign-in (authorize() threw "throttled:<seconds>") is answered 429 with Retry-After
 * instead of a bare redirect, so scripted clients learn when to retry.
 */
export async function POST(request: NextRequest) {
  const response = await handlers.POST(onSiteOrigin(request));
  const location = response.headers.get('location');
  if (!location) return response;
  let code: string | null = null;
  try {
    code = new URL(location, request.nextUrl).searchParams.get('code');
  } catch {
    return response;
  }
  const m = code ? /^throttled:(\d+)$/.exec(code) : null;
  if (!m) return response;
  const headers = new Headers(response.headers);
  headers.set('retry-after', m[1]);
  headers.set('content-type', 'text/plain; charset=utf-8');
  return new Response(`${retryMessage(Number(m[1]))} ${SIGNIN_THROTTLED_HINT}\n`, { status: 429, headers });
}
