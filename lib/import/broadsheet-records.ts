/** Writing one record of a Broadsheet export (lib/import/broadsheet.ts), each checked with zod and in its own transaction. */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schemas, type Kind, type Rec } from './broadsheet-schemas';
import type { DbOrTx } from '@/db/client';
import {
  articleAuthors,
  articleRevisions,
  articles,
  articleSlugRedirects,
  articleTags,
  categories,
  feedbackPoints,
  media,
  settings,
  tags,
  users,
} from '@/db/schema';
import { sanitizeImportedArticleHtml } from '@/lib/dal/admin/text';
import { uniqueHandle } from '@/lib/dal/users';
import { checksum, mappedId, rememberId } from './comments';

import { ext, freeId, local, SOURCE, type Ctx, type Outcome } from './broadsheet-context';
import { DISCUSSION_WRITERS } from './broadsheet-discussion';

export { SOURCE, type Ctx } from './broadsheet-context';

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
    const newId = await freeId(tx, users, r.id);
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
      localId = await freeId(tx, categories, r.id);
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
      localId = await freeId(tx, tags, r.id);
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
      localId = await freeId(tx, media, r.id);
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
      localId = await freeId(tx, articles, r.id);
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
    const localId = await freeId(tx, feedbackPoints, r.id);
    await tx.insert(feedbackPoints).values({ ...r, id: localId, articleId, createdBy: await local(c, tx, 'user', r.createdBy) });
    await rememberId(tx, SOURCE, 'feedbackPoint', ext(c, r.id), localId, '');
    return 'created';
  },

  ...DISCUSSION_WRITERS,
};

async function releaseReplies(c: Ctx, parentExportedId: number): Promise<void> {
  const waiting = c.pending.get(parentExportedId);
  if (!waiting) return;
  c.pending.delete(parentExportedId);
  for (const reply of waiting) await writeRecord(c, reply);
}
