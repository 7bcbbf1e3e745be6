import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articles, commentEdits, comments } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { deleteComment, editComment } from './editing';
import { postComment } from './posting';
import { loadThreadPage } from './reads';

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

describe('a reader changes their own comment', () => {
  it('edits within the window keep the history; delete keeps the replies', async () => {
    const [u, other] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(u, { articleId: article.id, body: 'Original' });
    const reply = await postComment(other, { articleId: article.id, parentId: c.id, body: 'A reply' });
    await expect(editComment(other, c.id, 'Hijack')).rejects.toThrow(/your own/);
    await editComment(u, c.id, 'Edited text');
    const db = await getDb();
    const [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect(row.body).toBe('Edited text');
    expect(row.editedAt).not.toBeNull();
    const edits = await db.select().from(commentEdits).where(eq(commentEdits.commentId, c.id));
    expect(edits.map((e) => e.body)).toEqual(['Original']);

    await db
      .update(comments)
      .set({ createdAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(comments.id, c.id));
    await expect(editComment(u, c.id, 'Too late')).rejects.toThrow(/15 minutes/);

    await deleteComment(u, c.id);
    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads[0].deleted).toBe(true);
    expect(page.threads[0].bodyHtml).toBeNull();
    expect(page.threads[0].replies.map((r) => r.id)).toEqual([reply.id]);
    const [a] = await db.select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(a.n).toBe(1);
  });
});

describe('the cache tags an edit or a delete dirties', () => {
  const threadAndCounts = (articleId: string) => [TAGS.article(articleId), TAGS.commentCounts, TAGS.comments(articleId)].sort();

  it('editing an approved comment dirties its thread, article and counts, also when the new text is held', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const c = await postComment(u, { articleId: article.id, body: 'Fine words' });
    expect((await recordInvalidations(() => editComment(u, c.id, 'Finer words'))).tags).toEqual(threadAndCounts(article.id));
    // Held again: it leaves the thread and the count.
    const held = await recordInvalidations(() => editComment(u, c.id, 'Finer words, and a scam'));
    expect(held.result.status).toBe('pending');
    expect(held.tags).toEqual(threadAndCounts(article.id));
  });

  it('editing or deleting a held comment dirties nothing public; neither does an edit that changes nothing', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const held = await postComment(u, { articleId: article.id, body: 'Total scam' });
    expect(held.status).toBe('pending');
    expect((await recordInvalidations(() => editComment(u, held.id, 'Still a scam'))).tags).toEqual([]);
    expect((await recordInvalidations(() => deleteComment(u, held.id))).tags).toEqual([]);
    const ok = await postComment(u, { articleId: article.id, body: 'Unchanged' });
    expect((await recordInvalidations(() => editComment(u, ok.id, 'Unchanged'))).tags).toEqual([]);
  });

  it("deleting an approved comment dirties its thread, article and counts; someone else's refused delete dirties nothing", async () => {
    const [u, other] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(u, { articleId: article.id, body: 'Soon gone' });
    const refused = await recordInvalidations(() => deleteComment(other, c.id).catch((e: Error) => e));
    expect(refused.result).toBeInstanceOf(Error);
    expect(refused.tags).toEqual([]);
    expect((await recordInvalidations(() => deleteComment(u, c.id))).tags).toEqual(threadAndCounts(article.id));
  });
});
