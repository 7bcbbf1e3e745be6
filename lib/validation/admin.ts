import { z } from './zod';
import { text } from './text';

/** Zod schemas of the newsroom's forms, shared by the server actions and their tests. */

const id = text().trim().min(1, 'Missing id.').max(100);
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean());
const optionalText = (max: number, label: string) =>
  text().trim().max(max, `${label} must be at most ${max} characters.`).optional().default('');

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const;
export const ARTICLE_INTENTS = ['save', 'submit', 'overwrite'] as const;

export const articleFormSchema = z.object({
  title: text().trim().min(1, 'Give the article a title.').max(200, 'The title must be at most 200 characters.'),
  slug: text()
    .trim()
    .toLowerCase()
    .max(120, 'The slug must be at most 120 characters.')
    .refine((s) => s === '' || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), 'Use lower-case letters, digits and single hyphens only.')
    .optional()
    .default(''),
  dek: optionalText(500, 'The standfirst'),
  bodySource: text().max(200_000, 'The article is too long (200,000 characters at most).').optional().default(''),
  coverImage: text()
    .trim()
    .max(500)
    .refine(
      (s) => s === '' || /^\/media\/[\w./-]+$/.test(s) || /^https:\/\/\S+$/.test(s),
      'Pick an image from the media library or upload one.',
    )
    .optional()
    .default(''),
  coverAlt: optionalText(300, 'The cover description'),
  categoryId: text().trim().max(100).optional().default(''),
  tags: optionalText(1000, 'Tags'),
  authorIds: z.array(id).max(10).optional().default([]),
  seoTitle: optionalText(120, 'The SEO title'),
  seoDescription: optionalText(300, 'The SEO description'),
  commentsOpen: checkbox,
  status: z.enum(ARTICLE_STATUSES).optional().default('draft'),
  /** datetime-local value, read in the editor's time zone (tzOffset, minutes as Date#getTimezoneOffset). */
  publishAt: text().trim().max(40).optional().default(''),
  tzOffset: z.coerce.number().int().min(-900).max(900).optional().default(0),
  fpId: z.array(text().max(100)).max(50).optional().default([]),
  fpQuote: z.array(text().max(1000, 'A quoted passage must be at most 1,000 characters.')).max(50).optional().default([]),
  fpQuestion: z.array(text().max(500, 'A question must be at most 500 characters.')).max(50).optional().default([]),
  intent: z.enum(ARTICLE_INTENTS).optional().default('save'),
});
export type ArticleForm = z.infer<typeof articleFormSchema>;

export const articleSaveSchema = articleFormSchema.extend({
  id,
  version: z.coerce.number().int().min(1),
});

export const restoreRevisionSchema = z.object({ articleId: id, revisionId: z.coerce.number().int().positive() });

export const previewSchema = text().max(200_000);
export const articlePreviewSchema = z.object({ bodySource: previewSchema });

export const MODERATION_TABS = ['pending', 'flagged', 'approved', 'spam', 'trash'] as const;
export type ModerationTab = (typeof MODERATION_TABS)[number];
export const BULK_ACTIONS = ['approve', 'reject', 'spam', 'trash'] as const;
const commentIds = z.array(z.coerce.number().int().positive()).max(200).optional().default([]);

/**
 * The queue's bulk form and each item's buttons. `all` ("select all on this page", a plain checkbox so it
 * works without JavaScript) acts on `pageIds`, the ids the page rendered; otherwise on the ticked `ids`.
 * Rejecting needs a reason, which the authors see.
 */
export const bulkModerationSchema = z
  .object({
    ids: commentIds,
    pageIds: commentIds,
    all: checkbox.optional().default(false),
    action: z.enum(BULK_ACTIONS),
    reason: text().trim().max(500, 'The reason must be at most 500 characters.').optional().default(''),
  })
  .superRefine((d, ctx) => {
    if ((d.all ? d.pageIds : d.ids).length === 0) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Select at least one comment.' });
    if (d.action === 'reject' && !d.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the authors a reason: they see it.' });
  })
  .transform((d) => ({ ids: [...new Set(d.all ? d.pageIds : d.ids)], action: d.action, reason: d.reason }));
export const rejectCommentSchema = z.object({
  id: z.coerce.number().int().positive(),
  reason: text().trim().min(1, 'Give the author a reason.').max(500),
});
export const pinCommentSchema = z.object({ id: z.coerce.number().int().positive(), pinned: checkbox });

export const userIdSchema = z.object({ userId: id });
/** Deleting an account: the admin types "delete" to confirm. */
export const deleteUserSchema = z.object({ userId: id, confirm: z.literal('delete', { error: 'Type “delete” to confirm.' }) });
/** An import job to run for real after its dry run. */
export const importJobSchema = z.object({ jobId: z.string().trim().min(1).max(80) });
export const premoderateSchema = z.object({ userId: id, premoderated: checkbox });
export const changeRoleSchema = z.object({ userId: id, role: z.enum(['reader', 'author', 'editor', 'moderator', 'admin']) });

const lines = text()
  .max(20_000)
  .optional()
  .default('')
  .transform((s) => [
    ...new Set(
      s
        .split(/[\n,]/)
        .map((w) => w.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]);

export const settingsFormSchema = z.object({
  bannedWords: lines,
  suspectWords: lines,
  linkLimit: z.coerce.number().int('Whole numbers only.').min(0).max(50),
  holdFirstComment: checkbox,
  editWindowMinutes: z.coerce.number().int('Whole numbers only.').min(0).max(1440),
  maxReplyDepth: z.coerce.number().int('Whole numbers only.').min(1).max(8),
  commentIntervalSeconds: z.coerce.number().int('Whole numbers only.').min(0).max(3600),
  newAccountDailyCap: z.coerce.number().int('Whole numbers only.').min(1).max(10_000),
  guestCommenting: checkbox,
  supporterBadge: checkbox,
  paymentInstructions: text().trim().min(1, 'Payment instructions are shown to every pledger: write some.').max(5000),
});

export const categoryFormSchema = z.object({
  name: text().trim().min(1, 'Give the category a name.').max(80),
  slug: text()
    .trim()
    .toLowerCase()
    .max(80)
    .refine((s) => s === '' || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), 'Use lower-case letters, digits and single hyphens only.')
    .optional()
    .default(''),
  description: optionalText(500, 'The description'),
});
export const categoryUpdateSchema = categoryFormSchema.extend({ id });

// --- Moderation, users and settings forms (newsroom moderation) ---

export const BAN_DURATIONS = ['1', '7', '30', 'forever', 'until'] as const;

/**
 * A ban: a number of days, for good, or until a date and time (read as UTC: the form says so). The end
 * must lie in the future and the user will see the reason.
 */
export const banFormSchema = z
  .object({
    userId: id,
    duration: text()
      .trim()
      .refine((s) => s === 'forever' || s === 'until' || /^[1-9]\d{0,3}$/.test(s), 'Choose how long the ban lasts.'),
    until: text().trim().max(40).optional().default(''),
    reason: text().trim().min(1, 'Give a reason: the user will see it.').max(500, 'The reason must be at most 500 characters.'),
  })
  .superRefine((v, ctx) => {
    if (v.duration !== 'until') return;
    const end = parseUtcDateTime(v.until);
    if (!end) ctx.addIssue({ code: 'custom', path: ['until'], message: 'Give the date and time the ban ends.' });
    else if (end.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['until'], message: 'The ban must end in the future.' });
  });
export type BanForm = z.infer<typeof banFormSchema>;

/** "2026-12-01T10:00" (a datetime-local value) or "2026-12-01" read as UTC; null when not a date. */
export function parseUtcDateTime(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0));
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCFullYear() <= 9999 ? d : null;
}

export const editCommentSchema = z.object({
  id: z.coerce.number().int().positive(),
  body: text().trim().min(1, 'A comment cannot be empty.').max(10_000, 'A comment must be at most 10,000 characters.'),
});

export const MAX_WORD_LENGTH = 60;
export const MAX_WORDS = 500;

/** One word or phrase per line (or comma-separated), case-insensitive; explains which entry is wrong. */
const wordList = (label: string) =>
  text()
    .max(20_000, `The ${label} list is too long.`)
    .optional()
    .default('')
    .transform((s) => [
      ...new Set(
        s
          .split(/[\n,]/)
          .map((w) => w.trim().toLowerCase().replace(/\s+/g, ' '))
          .filter(Boolean),
      ),
    ])
    .superRefine((words, ctx) => {
      const long = words.find((w) => w.length > MAX_WORD_LENGTH);
      if (long)
        ctx.addIssue({
          code: 'custom',
          message: `“${long.slice(0, 30)}…” is too long: an entry is at most ${MAX_WORD_LENGTH} characters.`,
        });
      const odd = words.find((w) => !/[\p{L}\p{N}]/u.test(w));
      if (odd) ctx.addIssue({ code: 'custom', message: `“${odd}” has no letters or digits: it would match nothing useful.` });
      if (words.length > MAX_WORDS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_WORDS} entries (there are ${words.length}).` });
    });

/** The settings form with the word lists checked entry by entry (and not listed twice). */
export const siteSettingsFormSchema = settingsFormSchema
  .extend({
    bannedWords: wordList('banned'),
    suspectWords: wordList('suspect'),
    notificationBatchMinutes: z.preprocess(
      (v) => (v === '' || v == null ? undefined : v),
      z.coerce.number().int('Whole numbers only.').min(0).max(1440).optional(),
    ),
    /** Absent from the form: keep the stored value. */
    unverifiedComments: z.enum(['hold', 'refuse'], { error: 'Choose hold or refuse.' }).optional(),
  })
  .superRefine((v, ctx) => {
    const both = v.suspectWords.find((w) => v.bannedWords.includes(w));
    if (both) ctx.addIssue({ code: 'custom', path: ['suspectWords'], message: `“${both}” is on both lists: keep it on one.` });
  });

export const userSearchSchema = z.object({
  // A search box read from the URL: an unusable query (too long, control characters) searches for nothing.
  q: text().trim().max(200).optional().default('').catch(''),
  role: z.enum(['reader', 'author', 'editor', 'moderator', 'admin']).optional().catch(undefined),
  status: z.enum(['banned', 'premoderated', 'deleted']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(1).default(1),
});

/* Newsroom content: media library and taxonomy (categories, tags). */
export const mediaIdSchema = z.object({ id });
export const taxonomyIdSchema = z.object({ id });
export const tagFormSchema = z.object({
  id,
  name: text().trim().min(1, 'Give the tag a name.').max(50, 'A tag name must be at most 50 characters.'),
});
