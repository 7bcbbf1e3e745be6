/** The Broadsheet importer's writers for comments (threads, edits, votes, reports), campaigns, pledges and redirects. */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { campaigns, commentEdits, commentFlags, comments, commentVotes, pledges } from '@/db/schema';
import { renderCommentMarkdown } from '@/lib/comments/markdown';
import { hashBody } from '@/lib/dal/comments';
import { legacyRedirectTo } from './articles';
import { checksum, mappedId, rememberId } from './comments';
import { ext, freeId, local, SOURCE, type Ctx, type Outcome } from './broadsheet-context';
import type { Rec } from './broadsheet-schemas';

export const DISCUSSION_WRITERS: {
  [K in 'comment' | 'commentEdit' | 'vote' | 'flag' | 'campaign' | 'pledge' | 'redirect']: (
    c: Ctx,
    tx: DbOrTx,
    r: Rec<K>,
  ) => Promise<Outcome>;
} = {
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
      localId = await freeId(tx, campaigns, exportedId);
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
    const localId = await freeId(tx, pledges, exportedId);
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
