/** The records of a Broadsheet export (docs/export-format.md) as the importer accepts them: every field checked. */
import { z } from 'zod';
import { roleEnum } from '@/db/schema';
import { isSafeKey } from '@/lib/storage';

const text = z.string().max(1_000_000);
const opt = text
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const when = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a date')
  .transform((v) => new Date(v));
const optWhen = when
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const id = z.string().min(1).max(200);
const optId = id
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const int = z.number().int().min(-2_147_483_648).max(2_147_483_647);

export const schemas = {
  setting: z.object({ key: z.string().min(1).max(200), value: z.unknown() }),
  user: z.object({
    id,
    handle: z.string().min(1).max(64),
    name: opt,
    email: z.string().max(320).optional(),
    emailVerified: optWhen,
    role: z.enum(roleEnum.enumValues),
    bio: opt,
    image: opt,
    premoderated: z.boolean().default(false),
    bannedUntil: optWhen,
    banReason: opt,
    createdAt: when,
    deletedAt: optWhen,
  }),
  category: z.object({
    id,
    slug: z.string().min(1).max(200),
    name: text,
    description: z.string().default(''),
    parentId: optId,
    position: int,
    createdAt: when,
  }),
  tag: z.object({ id, slug: z.string().min(1).max(200), name: text, createdAt: when }),
  media: z.object({
    id,
    ownerId: optId,
    key: z.string().refine(isSafeKey, 'unsafe key'),
    mime: z.string().max(100),
    width: int,
    height: int,
    bytes: int,
    variants: z.array(z.object({ width: int, height: int, path: z.string().refine(isSafeKey, 'unsafe key') })),
    alt: z.string().default(''),
    createdAt: when,
  }),
  article: z.object({
    id,
    slug: z.string().min(1).max(200),
    title: text,
    dek: z.string().default(''),
    body: z.string().default(''),
    bodySource: opt,
    coverImage: opt,
    coverAlt: z.string().default(''),
    status: z.enum(['draft', 'scheduled', 'published', 'archived']),
    publishedAt: optWhen,
    updatedAt: when,
    createdAt: when,
    categoryId: optId,
    readingMinutes: int,
    seoTitle: opt,
    seoDescription: opt,
    commentsOpen: z.boolean(),
    commentCount: int,
    createdBy: optId,
    submittedAt: optWhen,
    authorIds: z.array(id).max(100),
    tagIds: z.array(id).max(1000),
    oldSlugs: z.array(z.string().min(1).max(200)).max(1000),
  }),
  revision: z.object({
    id: int,
    articleId: id,
    version: int,
    title: text,
    dek: z.string(),
    body: z.string(),
    bodySource: opt,
    editorId: optId,
    createdAt: when,
  }),
  feedbackPoint: z.object({
    id,
    articleId: id,
    quote: text,
    prefix: z.string(),
    suffix: z.string(),
    question: text,
    createdBy: optId,
    createdAt: when,
  }),
  comment: z.object({
    id: z.number().int().positive(),
    articleId: id,
    parentId: z.number().int().positive().nullable(),
    authorId: optId,
    body: z.string().max(100_000),
    status: z.enum(['pending', 'approved', 'spam', 'trash']),
    holdReason: opt,
    rejectReason: opt,
    score: int,
    upvotes: int,
    downvotes: int,
    replyCount: int,
    pinned: z.boolean(),
    anchor: z
      .object({ exact: z.string(), prefix: z.string(), suffix: z.string(), start: int.optional(), end: int.optional() })
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    feedbackPointId: optId,
    createdAt: when,
    editedAt: optWhen,
    deletedAt: optWhen,
  }),
  commentEdit: z.object({ id: int, commentId: z.number().int(), body: z.string(), editorId: optId, createdAt: when }),
  vote: z.object({ commentId: z.number().int(), userId: id, value: z.number().int().min(-1).max(1), createdAt: when }),
  flag: z.object({ commentId: z.number().int(), userId: id, reason: text, createdAt: when, resolvedAt: optWhen }),
  campaign: z.object({
    id,
    slug: z.string().min(1).max(200),
    title: text,
    description: z.string(),
    goalCents: int.positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    presetAmountsCents: z.array(int.positive()).max(20),
    startsAt: when,
    endsAt: optWhen,
    active: z.boolean(),
    featured: z.boolean(),
    stopAtGoal: z.boolean(),
    paymentInstructions: z.string(),
    reviewAboveCents: int.positive(),
    publishMessagesAtOnce: z.boolean(),
    createdAt: when,
    updatedAt: when,
  }),
  pledge: z.object({
    id,
    campaignId: id,
    userId: optId,
    email: z.string().max(320).optional(),
    displayName: z.string().max(200),
    anonymous: z.boolean(),
    hideAmount: z.boolean(),
    message: z.string().max(10_000),
    amountCents: int.positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    frequency: z.enum(['one_time', 'monthly']),
    status: z.enum(['pledged', 'received', 'cancelled']),
    confirmedAt: optWhen,
    review: z.enum(['none', 'held', 'approved', 'rejected']),
    messageStatus: z.enum(['pending', 'approved', 'rejected']),
    staffNote: z.string().max(10_000),
    createdAt: when,
    receivedAt: optWhen,
    cancelledAt: optWhen,
  }),
  redirect: z.object({
    path: z.string().min(1).max(2000).startsWith('/'),
    target: z.string().min(1).max(2000).startsWith('/'),
    source: z.string().max(50),
  }),
} as const;

export type Kind = keyof typeof schemas;
export type Rec<K extends Kind> = z.infer<(typeof schemas)[K]>;
