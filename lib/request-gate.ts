/**
 * What proxy.ts answers before any page, action or route handler runs, for the requests that can't be served:
 * - 400 for an address no page can have: a path segment that is not valid UTF-8 once decoded (`%C0%AF`,
 *   `%FF`) or that holds a control character (`%00`, `%0A`), or a NUL in the query. Postgres can't take a
 *   NUL in a parameter and the decoder throws on bad UTF-8: without this each would be a 500.
 * - 503 with Retry-After while the database server is unreachable (db/client.ts databaseAvailable()).
 *   A page's status is fixed when its response starts, before the render that would fail; so the decision
 *   is taken here, where a real status can still be set.
 * Both are plain HTML pages without scripts or styles from the app: they must render when nothing else can.
 */
import { databaseAvailable, RETRY_AFTER_SECONDS } from '@/db/client';
import { postBodyLimit, tooLargeMessage } from '@/lib/request-limits';
import { OUTAGE_ACTION_MESSAGE } from '@/lib/outage';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when the raw (still percent-encoded) path or query can't name anything on this site. */
export function isMalformedUrl(rawPath: string, rawSearch: string): boolean {
  if (CONTROL.test(rawPath) || CONTROL.test(rawSearch)) return true;
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return true;
    }
    if (CONTROL.test(decoded)) return true;
  }
  return /%00/i.test(rawSearch);
}

/** A plain status page (no scripts or styles from the app). */
export function statusPage(status: number, title: string, body: string, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | Broadsheet</title><meta name="robots" content="noindex"></head>
<body style="font-family: Georgia, serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1c1917">
<p style="font: bold 0.8rem system-ui, sans-serif; color: #b91c1c; letter-spacing: .05em">${status}</p>
<h1>${title}</h1>
${body}</body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

export function badRequestPage(): Response {
  return statusPage(
    400,
    'Bad address',
    `<p>This address contains characters that no page on this site has. Check the link, or start again from the front page.</p>
<p><a href="/">Go to the front page</a> · <a href="/search">Search articles</a></p>`,
  );
}

export function unavailablePage(): Response {
  return statusPage(
    503,
    'Temporarily unavailable',
    `<p>The site is temporarily unavailable: we can't reach our database right now. Please try again in a minute.</p>
<p>Nothing you sent was lost or half-saved: if you were submitting a form, submit it again once the site is back.</p>
<p><a href="">Try again</a></p>`,
    { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );
}

/**
 * The 503 for a server action called from a page with JavaScript: plain text, which Next's client raises as an
 * error with this message (the error page says it), where an HTML page would be "an unexpected response".
 */
export function unavailableActionAnswer(): Response {
  return new Response(OUTAGE_ACTION_MESSAGE, {
    status: 503,
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_SECONDS) },
  });
}

/** The early answer for this request, or null to go on. `action`: a server action called with JavaScript. */
export async function gateRequest(pathname: string, search: string, action = false): Promise<Response | null> {
  if (isMalformedUrl(pathname, search)) return badRequestPage();
  // The health endpoint reports the database's state itself (503 too), for load balancers.
  if (pathname === '/api/health') return null;
  if (!(await databaseAvailable())) return action ? unavailableActionAnswer() : unavailablePage();
  return null;
}

/**
 * 413 for a POST whose Content-Length is over what its address takes (lib/request-limits.ts: server actions
 * and forms posted without JavaScript; upload routes check their own), before anything reads the body: the
 * message as text/plain for a server action called with JavaScript (Next's client throws it as an Error,
 * which the error page shows), an HTML page without. A body sent without a Content-Length meets Next's own
 * server-action limit (next.config.js).
 */
export function tooLargeRequest(method: string, pathname: string, headers: Headers): Response | null {
  if (method !== 'POST') return null;
  const limit = postBodyLimit(pathname);
  if (limit === null || !(Number(headers.get('content-length') ?? 0) > limit)) return null;
  const message = tooLargeMessage(limit);
  // connection: close, so that the rest of the body is not waited for.
  const close = { 'cache-control': 'no-store', connection: 'close' };
  if (headers.get('next-action')) return new Response(message, { status: 413, headers: { 'content-type': 'text/plain', ...close } });
  return statusPage(
    413,
    'Too much to send',
    `<p>${message}</p>
<p>Go back with your browser: what you typed is usually still in the form.</p>
<p><a href="/">Go to the front page</a></p>`,
    close,
  );
}
