import { z } from './zod';
import { CURRENCIES, isCurrency, parseAmountToCents, type ParsedAmount } from '@/lib/money';
import { text as safeText } from '@/lib/validation/text';
import { DEFAULT_REVIEW_ABOVE_CENTS } from '@/db/schema/pledges';

export const MESSAGE_MAX = 500;
export const DISPLAY_NAME_MAX = 80;

const checkbox = z
  .string()
  .nullish()
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/** Free text: refuses NUL and control characters (Postgres can't store NUL), normalises line ends, trims. */
const text = (max: number, label: string) =>
  safeText()
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, { message: `${label} can be at most ${max} characters.` }));

/** The pledge form's fields other than the amount. The message is plain text (React escapes it on output). */
const pledgeFieldsSchema = z.object({
  campaignId: z.string({ message: 'Choose a campaign.' }).trim().min(1, { message: 'Choose a campaign.' }).max(100),
  currency: z
    .string({ message: 'Unknown currency.' })
    .trim()
    .refine(isCurrency, { message: `Unknown currency. Pledges are accepted in ${CURRENCIES.join(', ')}.` }),
  frequency: z.enum(['one_time', 'monthly'], { message: 'Choose one-time or monthly.' }).default('one_time'),
  displayName: text(DISPLAY_NAME_MAX, 'Your name'),
  anonymous: checkbox,
  hideAmount: checkbox,
  message: safeText()
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z.string().max(MESSAGE_MAX, {
        error: (issue) =>
          `Your message can be at most ${MESSAGE_MAX} characters (it has ${String(issue.input).length.toLocaleString('en-US')}).`,
      }),
    ),
  email: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().toLowerCase())
    .pipe(z.union([z.literal(''), z.email({ message: 'Enter a valid email address, like name@example.com.' }).max(254)])),
  idempotencyKey: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(
      z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9:_-]{16,100}$/, { message: 'This form is out of date. Reload the page.' })]),
    ),
  /** Which button sent the form: "Pay now by card" (when online payments are on) or the plain pledge. */
  pay: z.enum(['card', 'later']).optional(),
});

/** A typed amount: the chosen preset or the reader's own figure, parsed into cents with the currency below. */
const amountText = z.string().max(40, { message: 'Enter the amount as a number, like 25 or 12.50.' }).optional();

/**
 * The pledge form as posted, every field's problem reported at once. Amount: the custom field wins when
 * filled, else the chosen preset; it is parsed into integer cents without floats.
 */
export const pledgeFormSchema = pledgeFieldsSchema
  .extend({ amount: amountText, customAmount: amountText })
  .check((ctx) => {
    const amount = amountOf(ctx.value);
    if (!amount.ok) ctx.issues.push({ code: 'custom', path: ['amount'], message: amount.error, input: ctx.value.amount });
  })
  .transform(({ amount, customAmount, ...fields }) => {
    const parsed = amountOf({ amount, customAmount, currency: fields.currency });
    return { ...fields, amountCents: parsed.ok ? parsed.cents : 0 };
  });

function amountOf(v: { amount?: string; customAmount?: string; currency?: string }): ParsedAmount {
  const typed = v.customAmount?.trim() ? v.customAmount : (v.amount ?? '');
  const currency = v.currency && isCurrency(v.currency.trim()) ? v.currency.trim() : 'USD';
  const amount = parseAmountToCents(typed, currency);
  return amount.ok || typed.trim() !== '' ? amount : { ok: false, error: 'Choose an amount or enter your own.' };
}

export type PledgeForm = z.output<typeof pledgeFormSchema>;

/** Staff: mark a pledge received or cancelled, with an optional note. */
export const pledgeStatusSchema = z.object({
  pledgeId: z.string().trim().min(1).max(100),
  status: z.enum(['received', 'cancelled'], { message: 'Choose received or cancelled.' }),
  note: text(1000, 'The note'),
});

/** Staff: approve or reject a pledge held for review (amount above the campaign's ceiling). */
export const pledgeReviewSchema = z.object({
  pledgeId: z.string().trim().min(1).max(100),
  decision: z.enum(['approve', 'reject'], { message: 'Choose approve or reject.' }),
  note: text(1000, 'The note'),
});

/** Staff: publish or reject a pledge's donor-wall message. */
export const pledgeMessageReviewSchema = z.object({
  pledgeId: z.string().trim().min(1).max(100),
  decision: z.enum(['approve', 'reject'], { message: 'Choose publish or reject.' }),
});

/** Staff CSV export filters. Dates are calendar days (UTC), inclusive. */
const day = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .pipe(z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date like 2026-01-31.' })]));

export const pledgeFilterSchema = z.object({
  status: z
    .enum(['', 'all', 'pledged', 'received', 'cancelled', 'refunded'])
    .optional()
    .transform((v) => (v && v !== 'all' ? v : undefined)),
  /** held: amount above the ceiling awaiting review; message: donor-wall message awaiting approval; unconfirmed: address not confirmed. */
  review: z
    .enum(['', 'held', 'message', 'unconfirmed'])
    .optional()
    .transform((v) => v || undefined),
  campaignId: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100000).optional().default(1),
});
export type PledgeFilter = z.output<typeof pledgeFilterSchema>;

/** Staff: create or edit a campaign. Money typed in units, stored as cents. */
export const campaignFormSchema = z
  .object({
    id: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => v || undefined),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'Use lowercase letters, digits and dashes, like reader-fund-2026.' })
      .max(80),
    title: safeText().trim().min(1, { message: 'Enter a title.' }).max(200),
    description: text(5000, 'The description'),
    goal: z.string(),
    currency: z
      .string()
      .trim()
      .refine(isCurrency, { message: `Unknown currency. Use one of ${CURRENCIES.join(', ')}.` }),
    presets: z.string().optional(),
    startsAt: z.string().trim().optional(),
    endsAt: z.string().trim().optional(),
    active: checkbox,
    featured: checkbox,
    stopAtGoal: checkbox,
    paymentInstructions: text(5000, 'Payment instructions'),
    reviewAbove: z.string().optional(),
    publishMessagesAtOnce: checkbox,
  })
  .transform((v, ctx) => {
    const cur = isCurrency(v.currency) ? v.currency : 'USD';
    const goal = parseAmountToCents(v.goal, cur, { min: 1, max: 1_000_000_000_00 });
    if (!goal.ok) ctx.addIssue({ code: 'custom', path: ['goal'], message: goal.error });
    // Empty: the default ceiling. Above it a pledge waits for staff review before it counts.
    const reviewAbove = v.reviewAbove?.trim()
      ? parseAmountToCents(v.reviewAbove, cur, { min: 1, max: 1_000_000_000_00 })
      : { ok: true as const, cents: DEFAULT_REVIEW_ABOVE_CENTS };
    if (!reviewAbove.ok) ctx.addIssue({ code: 'custom', path: ['reviewAbove'], message: reviewAbove.error });
    const presetsCents: number[] = [];
    for (const p of (v.presets ?? '').split(/[\s,;]+/).filter(Boolean)) {
      const r = parseAmountToCents(p, cur);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', path: ['presets'], message: `Preset “${p}”: ${r.error}` });
        break;
      }
      if (!presetsCents.includes(r.cents)) presetsCents.push(r.cents);
    }
    if (presetsCents.length > 8) ctx.addIssue({ code: 'custom', path: ['presets'], message: 'Use at most 8 preset amounts.' });
    const startsAt = parseDate(v.startsAt);
    const endsAt = parseDate(v.endsAt);
    if (startsAt === 'invalid') ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'Use a date like 2026-01-31.' });
    if (endsAt === 'invalid') ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Use a date like 2026-12-31.' });
    if (startsAt instanceof Date && endsAt instanceof Date && endsAt <= startsAt) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start.' });
    }
    if (!goal.ok || !reviewAbove.ok || startsAt === 'invalid' || endsAt === 'invalid') return z.NEVER;
    return {
      id: v.id,
      slug: v.slug,
      title: v.title,
      description: v.description,
      goalCents: goal.cents,
      currency: cur,
      presetAmountsCents: presetsCents.sort((a, b) => a - b),
      startsAt: startsAt ?? null,
      endsAt: endsAt ?? null,
      active: v.active,
      featured: v.featured,
      stopAtGoal: v.stopAtGoal,
      paymentInstructions: v.paymentInstructions,
      reviewAboveCents: reviewAbove.cents,
      publishMessagesAtOnce: v.publishMessagesAtOnce,
    };
  });
export type CampaignForm = z.output<typeof campaignFormSchema>;

/** "2026-12-31" (end of that day UTC is not implied: midnight UTC) or a full ISO/datetime-local value. */
function parseDate(v: string | undefined): Date | undefined | 'invalid' {
  if (!v) return undefined;
  const s = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v}Z` : v;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? 'invalid' : d;
}
