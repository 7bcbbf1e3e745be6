/**
 * Content-Security-Policy and HSTS for every response that passes proxy.ts, computed at run time from the
 * environment (SITE_URL, OAuth providers), not baked in at build time like next.config.js headers.
 *
 * Why no nonces: a nonce must be new on every response, so every page carrying one has to be rendered per
 * request. This app has `cacheComponents` on: public pages are prerendered shells and cached renders, the
 * same bytes for every reader, and Next's docs state that Partial Prerendering is incompatible with
 * nonce-based CSP (Next's guide 01-app/02-guides/content-security-policy.md, shipped in its package). Next's App
 * Router writes its RSC payload as inline <script>s, so a policy without nonces needs 'unsafe-inline' for
 * scripts. What the policy still does: no script, style, font, image, connection or frame from another
 * origin (an injected <script src=//evil> or exfiltration by fetch/img is refused), no plugins
 * (object-src 'none'), no <base> hijack, no framing (frame-ancestors 'none'), forms post only to this site
 * (and to the OAuth providers that are switched on, whose sign-in is a form post that redirects there).
 * Inline-script injection is kept out by the Markdown sanitizer and React's escaping, not by this header.
 */
import { checkoutOrigin } from '@/lib/payments/config';

const isHttps = (url: string | undefined) => !!url && url.startsWith('https://');

let cached: { key: string; headers: [string, string][] } | undefined;

export function securityHeaders(): [string, string][] {
  const site = process.env.SITE_URL;
  const github = !!(process.env.AUTH_GITHUB_ID && process.env.AUTH_GITHUB_SECRET);
  const google = !!(process.env.AUTH_GOOGLE_ID && process.env.AUTH_GOOGLE_SECRET);
  const dev = process.env.NODE_ENV === 'development';
  // The pledge form's "Pay now by card" redirects to the hosted checkout; browsers check a form's redirects
  // against form-action, so that one origin is allowed (only while online payments are on). Nothing else:
  // Checkout is a page of its own, no Stripe script or frame runs on this site.
  const checkout = checkoutOrigin();
  const key = `${site}|${github}|${google}|${dev}|${checkout}`;
  if (cached?.key === key) return cached.headers;
  const formAction = ["'self'", github && 'https://github.com', google && 'https://accounts.google.com', checkout]
    .filter(Boolean)
    .join(' ');
  const csp = [
    "default-src 'self'",
    // 'unsafe-eval' only in development: React uses eval there to rebuild server error stacks.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    // style="" attributes (progress bars, widths) and Next's inline <style> for fonts.
    "style-src 'self' 'unsafe-inline'",
    // Media are served by the app itself at /media/<key> (also when stored in S3, so the bucket needs no
    // entry here); data:/blob: for previews. https: because the newsroom may use an https cover URL and
    // https images in article bodies (lib/validation/admin.ts, lib/dal/admin/text.ts allow both); readers'
    // comments carry no images. Connections and media stay on this site.
    "img-src 'self' data: blob: https:",
    "media-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    `form-action ${formAction}`,
    ...(isHttps(site) ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  const headers: [string, string][] = [['content-security-policy', csp]];
  // HSTS only where the site is published over https: sent over plain http it would be ignored anyway, and
  // a local or staging site on http must stay reachable. No includeSubDomains: other hosts of the domain
  // are not ours to pin.
  if (isHttps(site)) headers.push(['strict-transport-security', 'max-age=63072000']);
  cached = { key, headers };
  return headers;
}

/** Sets the security headers on a response (proxy.ts: on NextResponse.next() they reach the page's response). */
export function withSecurityHeaders<T extends Response>(res: T): T {
  for (const [k, v] of securityHeaders()) res.headers.set(k, v);
  return res;
}
