/**
 * The one check for "send the browser back to this path afterwards" (a no-JavaScript form's `back`, the
 * sign-in `next`). It judges the value the way a browser will read it, not the way it looks:
 * - a browser deletes tabs and newlines anywhere in a URL and reads `\` as `/`, so `/\t/evil.example`
 *   and `/\evil.example` become `//evil.example`, another host: such values are refused before parsing;
 * - the value is then parsed with the WHATWG URL parser (the browser's rules) against a placeholder origin
 *   and must stay on it (this refuses `//evil`, `https:evil`, `javascript:…`);
 * - what is returned is the parsed, normalised path, re-checked: dot segments can normalise to a leading
 *   `//` (`/.//evil` and `/a/..//evil` parse to the path `//evil`), which a browser would read as a host.
 */
const BASE = 'http://x.invalid';
const MAX_LENGTH = 2048;
// C0 controls (tab, CR, LF, NUL…), DEL, and the backslash.
const REFUSED = /[\u0000-\u001f\u007f\\]/;

export type SafePathOptions = {
  /** Keep the #fragment (default true); false when the caller appends its own. */
  hash?: boolean;
};

/** `value` as a same-site path (`/path?query#hash`), or `fallback` when it is not one. */
export function safePath(value: unknown, fallback = '/', { hash = true }: SafePathOptions = {}): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > MAX_LENGTH || REFUSED.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + (hash ? url.hash : '');
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  // Never back into Auth.js's own endpoints (a sign-out or callback URL as the place to land).
  if (url.pathname === '/api/auth' || url.pathname.startsWith('/api/auth/')) return fallback;
  return path;
}
