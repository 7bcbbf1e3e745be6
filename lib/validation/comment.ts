/**
 * Comment input rules, shared by the forms (live character count) and the server actions.
 * FormData values are strings: numbers are coerced, optional fields accept "".
 */
import { z } from './zod';
import { text } from './text';
import { safePath } from '@/lib/safe-path';

import { charCount, COMMENT_SORTS, FLAG_REASONS, MAX_COMMENT_CHARS } from './comment-rules';

export { charCount, COMMENT_SORTS, FLAG_REASONS, MAX_COMMENT_CHARS, verifyEmailHref } from './comment-rules';
export type { CommentSort, VerifyReason } from './comment-rules';

const withoutCode = (s: string) => s.replace(/`[^`]*`/g, ' ');

/** More combining marks than this on one character is zalgo, not a language (Vietnamese stacks two, Tibetan a few). */
export const MAX_COMBINING_MARKS = 4;

/** The largest number of combining marks stacked on one character. */
export function maxCombiningRun(s: string): number {
  let max = 0;
  let run = 0;
  for (const ch of s.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) {
      run++;
      if (run > max) max = run;
    } else run = 0;
  }
  return max;
}

const tooLong = (raw: string) =>
  `Comments can be at most ${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters; this one has ${charCount(raw).toLocaleString('en-US')}.`;

export const commentBody = text({ error: 'Write something before posting.' })
  // Characters are counted as code points (an emoji is one, two in a JavaScript string): this bound only
  // stops the checks below from reading a text that cannot pass, and states the field's length to the echo.
  .max(2 * MAX_COMMENT_CHARS, { error: (issue) => tooLong(String(issue.input)), abort: true })
  .superRefine((raw, ctx) => {
    const n = charCount(raw);
    if (!raw.trim()) {
      ctx.addIssue({ code: 'custom', message: 'Your comment is empty. Write something before posting.' });
      return;
    }
    if (n > MAX_COMMENT_CHARS) ctx.addIssue({ code: 'custom', message: tooLong(raw) });
    if (maxCombiningRun(raw) > MAX_COMBINING_MARKS) {
      // Refused, not clipped: a clipped comment would not be what its author wrote.
      ctx.addIssue({
        code: 'custom',
        message: `This text stacks too many accents or marks on one letter (“zalgo” text). At most ${MAX_COMBINING_MARKS} per letter, please.`,
      });
    }
    const plain = withoutCode(raw);
    if (/<\s*script\b/i.test(plain)) {
      ctx.addIssue({ code: 'custom', message: 'Script tags are not allowed in comments. To show code, put it between `backticks`.' });
    }
    if (/(^|[\s(<"'[\]=])(?:javascript|vbscript|data)\s*:/i.test(plain)) {
      ctx.addIssue({ code: 'custom', message: 'Links must start with http:// or https:// (javascript: and data: links are not allowed).' });
    }
  });

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined))
  .pipe(z.coerce.number<string | undefined>().int().positive().optional());

/** A text offset in the article (an inline comment's position selector). */
const optionalOffset = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined))
  .pipe(z.coerce.number<string | undefined>().int().min(0).max(10_000_000).optional());

const optionalText = (max: number) =>
  text()
    .max(max)
    .optional()
    .transform((v) => (v && v.length ? v : undefined));

export const postCommentSchema = z.object({
  articleId: text().min(1).max(100),
  parentId: optionalId,
  body: commentBody,
  anchorExact: optionalText(1000),
  anchorPrefix: optionalText(200),
  anchorSuffix: optionalText(200),
  anchorStart: optionalOffset,
  anchorEnd: optionalOffset,
  feedbackPointId: optionalText(100),
});
export type PostCommentInput = z.infer<typeof postCommentSchema>;

export const editCommentSchema = z.object({
  commentId: z.coerce.number().int().positive(),
  body: commentBody,
});

export const commentIdSchema = z.object({ commentId: z.coerce.number().int().positive() });

export const voteSchema = z.object({
  commentId: z.coerce.number().int().positive(),
  value: z.coerce.number().int().min(-1).max(1),
});

export const flagSchema = z.object({
  commentId: z.coerce.number().int().positive(),
  reason: z.enum(FLAG_REASONS, { error: 'Choose a reason.' }),
  note: text().max(500).optional(),
});

export const subscribeSchema = z.object({
  articleId: text().min(1).max(100),
  kind: z.enum(['all', 'replies', 'none'], { error: 'Choose what to be notified of.' }),
});

export const threadQuerySchema = z.object({
  sort: z.enum(COMMENT_SORTS).catch('newest'),
  after: z.coerce.number().int().positive().optional().catch(undefined),
});

/** A same-site path to come back to after a no-JavaScript form post (never another host); see lib/safe-path.ts. */
export const safeBackPath = (raw: unknown, fallback: string) => safePath(raw, fallback, { hash: false });
