/**
 * How much a request may send: shared by proxy.ts (which refuses a bigger body before anything reads it),
 * the upload routes, and the forms that check a file's size in the browser. No server-only imports.
 *
 * Server actions and forms posted without JavaScript take at most ACTION_BODY_MAX_BYTES, except on the
 * article editor's pages (ARTICLE_BODY_MAX_BYTES); uploads go to route handlers with their own limits
 * (UPLOAD_ROUTES). next.config.js sets Next's own server-action limit to the article allowance, the backstop
 * for a body sent without a Content-Length.
 */
const KB = 1024;
const MB = 1024 * KB;

/** Profile pictures: at most 5 MB (they are cropped to 256 px), uploaded to app/account/avatar/route.ts. */
export const AVATAR_MAX_BYTES = 5 * MB;
export const AVATAR_MAX_LABEL = '5 MB';
export const AVATAR_TOO_BIG = `That picture is too large: profile pictures can be at most ${AVATAR_MAX_LABEL}. Resize it and try again.`;

/** Multipart framing and the other fields allowed on top of an uploaded file. */
export const FORM_OVERHEAD_BYTES = 64 * KB;

/**
 * Every server action and plain form post but the editor's. The largest such form is the site settings
 * (two word lists of 20,000 characters and 5,000 of payment instructions: at most 135 kB in UTF-8); a
 * comment is at most 60 kB.
 */
export const ACTION_BODY_MAX_BYTES = 256 * KB;

/**
 * The article editor (save, preview, restore: pages under /admin/articles): a body of 200,000 characters (at
 * most 600 kB in UTF-8) and 50 feedback points of 1,500 (225 kB), with the other fields and the multipart
 * framing, stay under 1 MB. The same as next.config.js `experimental.serverActions.bodySizeLimit`.
 */
export const ARTICLE_BODY_MAX_BYTES = 1 * MB;

/** Route handlers that take files and check their own, larger limits. */
export const UPLOAD_ROUTES = ['/account/avatar', '/admin/media/upload', '/admin/import/upload'];

/** The most a POST to `pathname` may send, or null for an upload route (which checks its own). */
export function postBodyLimit(pathname: string): number | null {
  if (UPLOAD_ROUTES.includes(pathname)) return null;
  return pathname === '/admin/articles' || pathname.startsWith('/admin/articles/') ? ARTICLE_BODY_MAX_BYTES : ACTION_BODY_MAX_BYTES;
}

const TOO_LARGE = 'That is too much to send at once';

/** What a sender of too large a body is told (the JavaScript path shows it through the error page). */
export function tooLargeMessage(limit: number): string {
  return `${TOO_LARGE}: this form takes at most ${Math.round(limit / KB).toLocaleString('en-US')} kB. Shorten the longest text and try again.`;
}

/** Whether an error's message is tooLargeMessage's (safe to show: it is ours, not an internal error's). */
export function isTooLargeMessage(message: string | undefined): boolean {
  return !!message?.startsWith(TOO_LARGE) && message.length < 200;
}
