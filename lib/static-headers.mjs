/**
 * Security headers that are the same for every deployment and every response: next.config.js sends them with
 * every page and route, and the live-comments stream served by server.mjs (lib/comments/live-http.ts) sends
 * them too. CSP and HSTS depend on run-time settings: lib/security-headers.ts.
 */
export const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];
