/**
 * The comment rules the browser needs (limits, the character count, sort and report names, the verify link),
 * kept free of zod so the client bundle does not carry it. lib/validation/comment.ts re-exports all of this
 * next to the zod schemas the server actions use.
 */
export const MAX_COMMENT_CHARS = 10_000;
export const COMMENT_SORTS = ['newest', 'oldest', 'top', 'inline'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];

/** Characters as a reader counts them (code points, so an emoji is one). */
export const charCount = (s: string) => [...s].length;

export const FLAG_REASONS = ['spam', 'abuse', 'off-topic', 'misinformation', 'other'] as const;

/** Why an unverified reader is sent to verify their address: a refused vote, commenting in general, a held or a refused comment. */
export type VerifyReason = 'vote' | 'comment' | 'comment-held' | 'comment-refused';

/** The page that tells an unverified reader why, offers a new verification link, and links back to `back`. */
export function verifyEmailHref(reason: VerifyReason, back: string): string {
  return `/account/verify?for=${reason}&back=${encodeURIComponent(back)}`;
}
