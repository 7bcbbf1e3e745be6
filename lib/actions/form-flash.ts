import 'server-only';
/**
 * Form results for browsers without JavaScript. A plain form post to a server action is answered with the
 * page rendered again, but Next resumes that page from its prerendered shell, where useActionState starts
 * from its initial state: the refusal message and the typed values would be lost. So when a post came
 * without JavaScript (no Next-Action header), the action also leaves its result in a short-lived HttpOnly
 * cookie, and the page hands it to the form as its initial state. Secrets are never in it (lib/actions/echo.ts).
 */
import { cookies, headers } from 'next/headers';
import type { ActionState } from './state';

export const FLASH_COOKIE = 'bs_form';
const COOKIE = FLASH_COOKIE;
/** How long a result waits for its page (the cookie's max-age and the row's expiry; the sweep then deletes it). */
const MAX_AGE_SEC = 20;
/** The largest result kept (base64 characters): a comment's 20,000-character echo fits with room to spare. */
export const FLASH_MAX_CHARS = 128 * 1024;
/** Prefix of a cookie value that names a stored result instead of carrying it. */
const STORED = 'db.';

/** Which form a new comment came from: the reply form of one comment, or the article's own form. */
export const postFormKey = (articleId: string, parentId?: number | null) => (parentId ? `reply:${parentId}` : `comment:${articleId}`);
export const subscribeFormKey = (articleId: string) => `subscribe:${articleId}`;
export const voteFormKey = (commentId: number) => `vote:${commentId}`;

/** The cookie value that hands `state` to the form named `form` on the next render (see readFlash). */
function encodeFlash(form: string, state: ActionState): string {
  return Buffer.from(JSON.stringify({ form, state })).toString('base64url');
}

/** A form posted without JavaScript (no `Next-Action` header): its answer is a redirect to a page, not data. */
export async function isPlainPost(): Promise<boolean> {
  return !(await headers()).get('next-action');
}

/** Returns `state`, and for a post without JavaScript also keeps it for the page render that follows. */
export async function flash(form: string, state: ActionState): Promise<ActionState> {
  if (await isPlainPost()) {
    let value = encodeFlash(form, state);
    // The echo is bounded by the form's own fields (lib/actions/echo.ts); should a result still be larger than
    // any form's, only what the server said is kept.
    if (value.length > FLASH_MAX_CHARS) value = encodeFlash(form, { ok: state.ok, message: state.message, fieldErrors: state.fieldErrors });
    // An over-long comment does not fit in a cookie: the cookie then names a row that holds the result.
    // (Imported when needed: pages that only read a cookie flash need not load the database client.)
    if (value.length >= 3500) value = `${STORED}${await (await import('@/lib/dal/form-flashes')).saveFormFlash(value, MAX_AGE_SEC)}`;
    (await cookies()).set(COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: MAX_AGE_SEC,
      secure: (process.env.SITE_URL ?? '').startsWith('https://'),
    });
  }
  return state;
}

/** The result a plain form post left for `form`, if any (read while rendering the page). */
export async function readFlash(form: string): Promise<ActionState | undefined> {
  const cookie = (await cookies()).get(COOKIE)?.value;
  const raw = cookie?.startsWith(STORED)
    ? await (await import('@/lib/dal/form-flashes')).loadFormFlash(cookie.slice(STORED.length))
    : cookie;
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { form?: unknown; state?: ActionState };
    if (parsed.form !== form || typeof parsed.state !== 'object' || parsed.state === null) return undefined;
    const s = parsed.state;
    return {
      ok: s.ok === true,
      message: typeof s.message === 'string' ? s.message : undefined,
      fieldErrors: s.fieldErrors && typeof s.fieldErrors === 'object' ? s.fieldErrors : undefined,
      values: s.values && typeof s.values === 'object' ? s.values : undefined,
    };
  } catch {
    return undefined;
  }
}
