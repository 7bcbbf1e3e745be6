/** Writing one record of a Broadsheet export (lib/import/broadsheet.ts), each checked with zod and in its own transaction. */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import {
  articleAuthors,
  articleRevisions,
  articles,
  articleSlugRedirects,
  articleTags,
  campaigns,
  categories,
  commentEdits,
  commentFlags,
  comments,
  commentVotes,
  feedbackPoints,
  media,
  pledges,
  roleEnum,
  settings,
  tags,
  users,
} from '@/db/schema';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import { sanitizeImportedArticleHtml } from '@/lib/dal/admin/text';
import { hashBody } from '@/lib/dal/comments';
import { uniqueHandle } from '@/lib/dal/users';
import { isSafeKey } from '@/lib/storage';
import { legacyRedirectTo } from './articles';
import { checksum, mappedId, rememberId } from './comments';
import type { ImportReport } from './report';

export const SOURCE = 'broadsheet';

export type Ctx = {
  db: Db;
  site: string;
  report: ImportReport;
  keepAdmins: boolean;
  /** Replies read before their parent, by the parent's exported id (normally none). */
  pending: Map<number, Record<string, unknown>[]>;
  touched: Set<string>;
};

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

const schemas = {
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

type Kind = keyof typeof schemas;
type Rec<K extends Kind> = z.infer<(typeof schemas)[K]>;

/** Writes one record; what happened goes into the report. */
export async function writeRecord(c: Ctx, raw: Record<string, unknown>): Promise<void> {
  const kind = String(raw.type) as Kind;
  const schema = schemas[kind];
  const label = {
    id: String(raw.id ?? raw.key ?? raw.slug ?? raw.path ?? ''),
    label: String(raw.title ?? raw.handle ?? raw.slug ?? raw.key ?? kind).slice(0, 80),
  };
  if (!schema) return c.report.add(String(raw.type), 'skipped', label, 'unknown record type');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return c.report.add(kind, 'failed', label, z.prettifyError(parsed.error).split('\n').slice(0, 2).join(' '));
  try {
    const outcome = await c.db.transaction((tx) => WRITERS[kind](c, tx, parsed.data as never));
    if (outcome === 'waiting') {
      const parentId = (parsed.data as Rec<'comment'>).parentId!;
      c.pending.set(parentId, [...(c.pending.get(parentId) ?? []), raw]);
    } else if (outcome) c.report.add(kind, outcome);
  } catch (err) {
    c.report.add(kind, 'failed', label, (err as Error).message.slice(0, 300));
  }
  if (kind === 'comment') await releaseReplies(c, (parsed.data as Rec<'comment'>).id);
}

/** 'waiting': a reply read before its parent, written once the parent is. */
type Outcome = 'created' | 'updated' | 'unchanged' | 'waiting';
const ext = (c: Ctx, x: string | number) => `${c.site}#${x}`;
const local = async (c: Ctx, tx: DbOrTx, kind: string, x: string | number | null) =>
  x == null ? null : ((await mappedId(tx, SOURCE, kind, ext(c, x)))?.localId ?? null);

/** The exported id when no row has it yet, else a new one (`fresh()`). */
async function freeId<T>(tx: DbOrTx, exists: (tx: DbOrTx) => Promise<unknown[]>, wanted: T, fresh: () => T): Promise<T> {
  return (await exists(tx)).length ? fresh() : wanted;
}

const WRITERS: { [K in Kind]: (c: Ctx, tx: DbOrTx, r: Rec<K>) => Promise<Outcome> } = {
  async setting(c, tx, r) {
    await tx
      .insert(settings)
      .values({ key: r.key, value: r.value as object })
      .onConflictDoUpdate({ target: settings.key, set: { value: r.value as object, updatedAt: new Date() } });
    return 'updated';
  },

  async user(c, tx, r) {
    const sum = checksum(r);
    const known = await mappedId(tx, SOURCE, 'user', ext(c, r.id));
    const profile = {
      name: r.name,
      bio: r.bio,
      image: r.image,
      premoderated: r.premoderated,
      bannedUntil: r.bannedUntil,
      banReason: r.banReason,
    };
    if (known) {
      if (known.checksum === sum) return 'unchanged';
      await tx.update(users).set(profile).where(eq(users.id, known.localId));
      await rememberId(tx, SOURCE, 'user', ext(c, r.id), known.localId, sum);
      return 'updated';
    }
    const email = r.email?.trim().toLowerCase() || null;
    if (email) {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`)
        .limit(1);
      // Someone with that address is here already: the records point at that account, which stays as it is.
      if (existing) {
        await rememberId(tx, SOURCE, 'user', ext(c, r.id), existing.id, sum);
        return 'updated';
      }
    }
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.handle}) = ${r.handle.toLowerCase()}`)
      .limit(1);
    const handle = taken ? await uniqueHandle(r.handle, tx) : r.handle;
    let role = r.role;
    if (role === 'admin' && !c.keepAdmins) {
      role = 'editor';
      c.report.notes.push(`@${handle} was an admin and is an editor here (npm run user:create -- --email … --role admin to change it).`);
    }
    const newId = await freeId(
      tx,
      (t) => t.select({ id: users.id }).from(users).where(eq(users.id, r.id)),
      r.id,
      () => crypto.randomUUID(),
    );
    await tx.insert(users).values({
      id: newId,
      ...profile,
      handle,
      email: email ?? `${handle.toLowerCase()}@imported.invalid`,
      emailVerified: email ? r.emailVerified : null,
      role,
      passwordHash: null,
      createdAt: r.createdAt,
      deletedAt: r.deletedAt,
    });
    await rememberId(tx, SOURCE, 'user', ext(c, r.id), newId, sum);
    return 'created';
  },

  async category(c, tx, r) {
    const known = await mappedId(tx, SOURCE, 'category', ext(c, r.id));
    const parentId = await local(c, tx, 'category', r.parentId);
    const values = { name: r.name, description: r.description, parentId, position: r.position };
    if (known) {
      if (known.checksum === checksum(r)) return 'unchanged';
      await tx.update(categories).set(values).where(eq(categories.id, known.localId));
      await rememberId(tx, SOURCE, 'category', ext(c, r.id), known.localId, checksum(r));
      return 'updated';
    }
    const [bySlug] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.slug, r.slug));
    let localId = bySlug?.id;
    if (!localId) {
      localId = await freeId(
        tx,
        (t) => t.select({ id: categories.id }).from(categories).where(eq(categories.id, r.id)),
        r.id,
        () => crypto.randomUUID(),
      );
      await tx.insert(categories).values({ id: localId, slug: r.slug, createdAt: r.createdAt, ...values });
    }
    await rememberId(tx, SOURCE, 'category', ext(c, r.id), localId, checksum(r));
    return bySlug ? 'updated' : 'created';
  },

  async tag(c, tx, r) {
    if (await mappedId(tx, SOURCE, 'tag', ext(c, r.id))) return 'unchanged';
    const [bySlug] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, r.slug));
    let localId = bySlug?.id;
    if (!localId) {
      localId = await freeId(
        tx,
        (t) => t.select({ id: tags.id }).from(tags).where(eq(tags.id, r.id)),
        r.id,
        () => crypto.randomUUID(),
      );
      await tx.insert(tags).values({ id: localId, slug: r.slug, name: r.name, createdAt: r.createdAt });
    }
    await rememberId(tx, SOURCE, 'tag', ext(c, r.id), localId, '');
    return bySlug ? 'updated' : 'created';
  },

  async media(c, tx, r) {
    if (await mappedId(tx, SOURCE, 'media', ext(c, r.id))) return 'unchanged';
    const [byKey] = await tx.select({ id: media.id }).from(media).where(eq(media.key, r.key));
    let localId = byKey?.id;
    if (!localId) {
      localId = await freeId(
        tx,
        (t) => t.select({ id: media.id }).from(media).where(eq(media.id, r.id)),
        r.id,
        () => crypto.randomUUID(),
      );
      await tx.insert(media).values({ ...r, id: localId, ownerId: await local(c, tx, 'user', r.ownerId) });
    }
    await rememberId(tx, SOURCE, 'media', ext(c, r.id), localId, '');
    return byKey ? 'updated' : 'created';
  },

  async article(c, tx, r) {
    const sum = checksum(r);
    const known = await mappedId(tx, SOURCE, 'article', ext(c, r.id));
    if (known?.checksum === sum) return 'unchanged';
    const values = {
      title: r.title,
      dek: r.dek,
      // Untrusted HTML: sanitized again, as the editor's save does.
      body: sanitizeImportedArticleHtml(r.body),
      // Markdown is rendered (and sanitized) when shown; HTML is sanitized now.
      bodySource: r.bodySource == null ? null : /^\s*</.test(r.bodySource) ? sanitizeImportedArticleHtml(r.bodySource) : r.bodySource,
      coverImage: r.coverImage && /^\/media\/[\w./-]+$/.test(r.coverImage) ? r.coverImage : null,
      coverAlt: r.coverAlt,
      status: r.status,
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      categoryId: await local(c, tx, 'category', r.categoryId),
      readingMinutes: r.readingMinutes,
      seoTitle: r.seoTitle,
      seoDescription: r.seoDescription,
      commentsOpen: r.commentsOpen,
      commentCount: r.commentCount,
      createdBy: await local(c, tx, 'user', r.createdBy),
      submittedAt: r.submittedAt,
    };
    let localId = known?.localId;
    if (localId) await tx.update(articles).set(values).where(eq(articles.id, localId));
    else {
      localId = await freeId(
        tx,
        (t) => t.select({ id: articles.id }).from(articles).where(eq(articles.id, r.id)),
        r.id,
        () => crypto.randomUUID(),
      );
      let slug = r.slug;
      for (let n = 2; (await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug))).length; n++)
        slug = `${r.slug}-${n}`;
      await tx.insert(articles).values({ id: localId, slug, createdAt: r.createdAt, ...values });
    }
    await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, localId));
    for (const [position, userId] of r.authorIds.entries()) {
      const u = await local(c, tx, 'user', userId);
      if (u) await tx.insert(articleAuthors).values({ articleId: localId, userId: u, position }).onConflictDoNothing();
    }
    await tx.delete(articleTags).where(eq(articleTags.articleId, localId));
    for (const tagId of r.tagIds) {
      const t = await local(c, tx, 'tag', tagId);
      if (t) await tx.insert(articleTags).values({ articleId: localId, tagId: t }).onConflictDoNothing();
    }
    for (const oldSlug of r.oldSlugs) await tx.insert(articleSlugRedirects).values({ oldSlug, articleId: localId }).onConflictDoNothing();
    await rememberId(tx, SOURCE, 'article', ext(c, r.id), localId, sum);
    c.touched.add(localId);
    return known ? 'updated' : 'created';
  },

  async revision(c, tx, r) {
    if (await mappedId(tx, SOURCE, 'revision', ext(c, r.id))) return 'unchanged';
    const articleId = await local(c, tx, 'article', r.articleId);
    if (!articleId) throw new Error('its article is not in the export');
    const [row] = await tx
      .insert(articleRevisions)
      .values({
        articleId,
        version: r.version,
        title: r.title,
        dek: r.dek,
        body: sanitizeImportedArticleHtml(r.body),
        bodySource: r.bodySource,
        editorId: await local(c, tx, 'user', r.editorId),
        createdAt: r.createdAt,
      })
      .returning({ id: articleRevisions.id });
    await rememberId(tx, SOURCE, 'revision', ext(c, r.id), String(row.id), '');
    return 'created';
  },

  async feedbackPoint(c, tx, r) {
    if (await mappedId(tx, SOURCE, 'feedbackPoint', ext(c, r.id))) return 'unchanged';
    const articleId = await local(c, tx, 'article', r.articleId);
    if (!articleId) throw new Error('its article is not in the export');
    const localId = await freeId(
      tx,
      (t) => t.select({ id: feedbackPoints.id }).from(feedbackPoints).where(eq(feedbackPoints.id, r.id)),
      r.id,
      () => crypto.randomUUID(),
    );
    await tx.insert(feedbackPoints).values({ ...r, id: localId, articleId, createdBy: await local(c, tx, 'user', r.createdBy) });
    await rememberId(tx, SOURCE, 'feedbackPoint', ext(c, r.id), localId, '');
    return 'created';
  },

  async comment(c, tx, r) {
    const sum = checksum(r);
    const known = await mappedId(tx, SOURCE, 'comment', ext(c, r.id));
    if (known?.checksum === sum) return 'unchanged';
    const deleted = !!r.deletedAt;
    const values = {
      body: deleted ? '' : r.body,
      // Rendered again from the Markdown: HTML from a file is never trusted.
      bodyHtml: deleted ? '' : renderCommentMarkdown(r.body),
      contentHash: hashBody(deleted ? '' : r.body),
      status: r.status,
      holdReason: r.holdReason,
      rejectReason: r.rejectReason,
      score: r.score,
      upvotes: r.upvotes,
      downvotes: r.downvotes,
      replyCount: r.replyCount,
      pinned: r.pinned,
      anchor: r.anchor,
      editedAt: r.editedAt,
      deletedAt: r.deletedAt,
    };
    if (known) {
      await tx
        .update(comments)
        .set(values)
        .where(eq(comments.id, Number(known.localId)));
      await rememberId(tx, SOURCE, 'comment', ext(c, r.id), known.localId, sum);
      return 'updated';
    }
    const articleId = await local(c, tx, 'article', r.articleId);
    if (!articleId) throw new Error('its article is not in the export');
    let parent: { id: number; rootId: number | null; depth: number } | null = null;
    if (r.parentId != null) {
      const p = await local(c, tx, 'comment', r.parentId);
      if (!p) return 'waiting';
      [parent] = await tx
        .select({ id: comments.id, rootId: comments.rootId, depth: comments.depth })
        .from(comments)
        .where(eq(comments.id, Number(p)));
    }
    const free = !(await tx.select({ id: comments.id }).from(comments).where(eq(comments.id, r.id))).length;
    const row = {
      ...values,
      articleId,
      parentId: parent?.id ?? null,
      rootId: parent ? (parent.rootId ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      authorId: await local(c, tx, 'user', r.authorId),
      feedbackPointId: await local(c, tx, 'feedbackPoint', r.feedbackPointId),
      createdAt: r.createdAt,
    };
    const [inserted] = free
      ? await tx
          .insert(comments)
          .overridingSystemValue()
          .values({ ...row, id: r.id })
          .returning({ id: comments.id })
      : await tx.insert(comments).values(row).returning({ id: comments.id });
    if (!parent) await tx.update(comments).set({ rootId: inserted.id }).where(eq(comments.id, inserted.id));
    await rememberId(tx, SOURCE, 'comment', ext(c, r.id), String(inserted.id), sum);
    return 'created';
  },

  async commentEdit(c, tx, r) {
    if (await mappedId(tx, SOURCE, 'commentEdit', ext(c, r.id))) return 'unchanged';
    const commentId = await local(c, tx, 'comment', r.commentId);
    if (!commentId) throw new Error('its comment is not in the export');
    const [row] = await tx
      .insert(commentEdits)
      .values({ commentId: Number(commentId), body: r.body, editorId: await local(c, tx, 'user', r.editorId), createdAt: r.createdAt })
      .returning({ id: commentEdits.id });
    await rememberId(tx, SOURCE, 'commentEdit', ext(c, r.id), String(row.id), '');
    return 'created';
  },

  async vote(c, tx, r) {
    const commentId = await local(c, tx, 'comment', r.commentId);
    const userId = await local(c, tx, 'user', r.userId);
    if (!commentId || !userId) throw new Error('its comment or voter is not in the export');
    const done = await tx
      .insert(commentVotes)
      .values({ commentId: Number(commentId), userId, value: r.value, createdAt: r.createdAt })
      .onConflictDoNothing()
      .returning();
    return done.length ? 'created' : 'unchanged';
  },

  async flag(c, tx, r) {
    const commentId = await local(c, tx, 'comment', r.commentId);
    const userId = await local(c, tx, 'user', r.userId);
    if (!commentId || !userId) throw new Error('its comment or reporter is not in the export');
    const done = await tx
      .insert(commentFlags)
      .values({ commentId: Number(commentId), userId, reason: r.reason, createdAt: r.createdAt, resolvedAt: r.resolvedAt })
      .onConflictDoNothing()
      .returning();
    return done.length ? 'created' : 'unchanged';
  },

  async campaign(c, tx, r) {
    const sum = checksum(r);
    const known = await mappedId(tx, SOURCE, 'campaign', ext(c, r.id));
    if (known?.checksum === sum) return 'unchanged';
    const { id: exportedId, slug, ...values } = r;
    // One featured campaign per site: an imported one stays unfeatured when this site has one already.
    const [featured] = values.featured
      ? await tx
          .select({ id: campaigns.id })
          .from(campaigns)
          .where(sql`${campaigns.featured} and ${campaigns.id} <> ${known?.localId ?? ''}`)
      : [];
    if (featured) values.featured = false;
    let localId = known?.localId;
    if (localId) await tx.update(campaigns).set(values).where(eq(campaigns.id, localId));
    else {
      localId = await freeId(
        tx,
        (t) => t.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, exportedId)),
        exportedId,
        () => crypto.randomUUID(),
      );
      let free = slug;
      for (let n = 2; (await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, free))).length; n++)
        free = `${slug}-${n}`;
      await tx.insert(campaigns).values({ id: localId, slug: free, ...values });
    }
    await rememberId(tx, SOURCE, 'campaign', ext(c, exportedId), localId, sum);
    return known ? 'updated' : 'created';
  },

  async pledge(c, tx, r) {
    const sum = checksum(r);
    const known = await mappedId(tx, SOURCE, 'pledge', ext(c, r.id));
    if (known?.checksum === sum) return 'unchanged';
    const { id: exportedId, email, campaignId: exportedCampaign, userId: exportedUser, ...values } = r;
    const row = { ...values, userId: await local(c, tx, 'user', exportedUser) };
    if (known) {
      await tx.update(pledges).set(row).where(eq(pledges.id, known.localId));
      await rememberId(tx, SOURCE, 'pledge', ext(c, exportedId), known.localId, sum);
      return 'updated';
    }
    const campaignId = await local(c, tx, 'campaign', exportedCampaign);
    if (!campaignId) throw new Error('its campaign is not in the export');
    const localId = await freeId(
      tx,
      (t) => t.select({ id: pledges.id }).from(pledges).where(eq(pledges.id, exportedId)),
      exportedId,
      () => crypto.randomUUID(),
    );
    await tx.insert(pledges).values({
      ...row,
      id: localId,
      campaignId,
      email: email?.trim().toLowerCase() || `pledge-${localId}@imported.invalid`,
      idempotencyKey: `import:${localId}`,
    });
    await rememberId(tx, SOURCE, 'pledge', ext(c, exportedId), localId, sum);
    return 'created';
  },

  async redirect(c, tx, r) {
    await legacyRedirectTo(tx, r.source || SOURCE, r.path, r.target);
    return 'updated';
  },
};

async function releaseReplies(c: Ctx, parentExportedId: number): Promise<void> {
  const waiting = c.pending.get(parentExportedId);
  if (!waiting) return;
  c.pending.delete(parentExportedId);
  for (const reply of waiting) await writeRecord(c, reply);
}
