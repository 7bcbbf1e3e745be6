/**
 * Which cache tags each moderation write dirties: the threads, articles and counts of the comments it
 * touched, or the user it banned. Only next-auth's auth() is replaced (a real staff user signs in).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase } from '@/db/client';
import { TAGS } from '@/lib/cache-tags';
import { postComment } from '@/lib/dal/comments';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { actAs } from '@/lib/testing/fake-auth';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { banUser, setPremoderated, unbanUser } from './bans';
import { editComment, moderateComments, rejectComment, setCommentPinned } from './comments';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

const threadAndCounts = (...articleIds: string[]) =>
  [...articleIds.flatMap((a) => [TAGS.article(a), TAGS.comments(a)]), TAGS.commentCounts].sort();

async function heldComment(articleId: string) {
  const [puppet] = await makeUsers(1, { emailVerified: null });
  const c = await postComment(puppet, { articleId, body: 'Held until someone looks' });
  expect(c.status).toBe('pending');
  return c.id;
}

describe('the cache tags a moderation write dirties', () => {
  it('approving held comments on two articles dirties both threads, both articles and the counts', async () => {
    const [moderator] = await makeUsers(1, { role: 'moderator' });
    const [a, b] = [await makeArticle(), await makeArticle()];
    const ids = [await heldComment(a.id), await heldComment(b.id)];
    actAs(moderator.id);
    const r = await recordInvalidations(() => moderateComments(ids, 'approve'));
    expect(r.result.changed).toBe(2);
    expect(r.tags).toEqual(threadAndCounts(a.id, b.id));
  });

  it('spam, trash, a rejection, a pin and an edit each dirty the thread, article and counts of that comment', async () => {
    const [moderator] = await makeUsers(1, { role: 'moderator' });
    const [reader] = await makeUsers(1);
    const article = await makeArticle();
    const c = await postComment(reader, { articleId: article.id, body: 'A fine comment' });
    actAs(moderator.id);
    expect((await recordInvalidations(() => setCommentPinned(c.id, true))).tags).toEqual(threadAndCounts(article.id));
    expect((await recordInvalidations(() => editComment(c.id, 'A fine comment, trimmed'))).tags).toEqual(threadAndCounts(article.id));
    expect((await recordInvalidations(() => moderateComments([c.id], 'spam'))).tags).toEqual(threadAndCounts(article.id));
    expect((await recordInvalidations(() => moderateComments([c.id], 'trash'))).tags).toEqual(threadAndCounts(article.id));
    expect((await recordInvalidations(() => rejectComment(c.id, 'Off topic'))).tags).toEqual(threadAndCounts(article.id));
  });

  it('a reader who tries to moderate dirties nothing', async () => {
    const [reader] = await makeUsers(1);
    const article = await makeArticle();
    const id = await heldComment(article.id);
    actAs(reader.id);
    const r = await recordInvalidations(() => moderateComments([id], 'approve').catch((e: Error) => e));
    expect(r.result).toBeInstanceOf(Error);
    expect(r.tags).toEqual([]);
  });

  it("a ban and its end dirty the user's tag; pre-moderation dirties nothing", async () => {
    const [moderator] = await makeUsers(1, { role: 'moderator' });
    const [reader] = await makeUsers(1);
    actAs(moderator.id);
    expect((await recordInvalidations(() => banUser(reader.id, 1, 'Personal attacks'))).tags).toEqual([TAGS.user(reader.id)]);
    expect((await recordInvalidations(() => unbanUser(reader.id))).tags).toEqual([TAGS.user(reader.id)]);
    expect((await recordInvalidations(() => setPremoderated(reader.id, true))).tags).toEqual([]);
  });
});
