/**
 * One visibility rule for acting on a comment (issue #24, item 4; lib/dal/visibility.ts, ./visible.ts): a vote,
 * a report or a reply needs a comment every reader can see (approved, not deleted) on a public article. A
 * held, deleted or trashed comment, one under an article taken back to draft, and an id that does not exist
 * all answer alike, and nothing is recorded; a reported comment its author deletes leaves the flagged tab.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articles, commentFlags, comments, commentVotes } from '@/db/schema';
import { getQueueCounts, listModerationQueue } from '@/lib/dal/admin/moderation';
import { actAs } from '@/lib/testing/fake-auth';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { deleteComment } from './editing';
import { postComment } from './posting';
import { castVote, flagComment } from './votes';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

type Case = 'held' | 'deleted' | 'trashed' | 'article back to draft' | 'missing id';

/** A comment by a fresh author in the given state, and a reader who is not its author. */
async function commentThat(state: Case) {
  const [author, reader] = await makeUsers(2);
  const article = await makeArticle();
  const db = await getDb();
  if (state === 'missing id') return { id: 2_000_000_000, article, author, reader };
  const premoderated = state === 'held' ? (await makeUsers(1, { premoderated: true }))[0] : author;
  const c = await postComment(premoderated, { articleId: article.id, body: `A comment that is ${state}` });
  expect(c.status).toBe(state === 'held' ? 'pending' : 'approved');
  if (state === 'deleted') await deleteComment(author, c.id);
  if (state === 'trashed') await db.update(comments).set({ status: 'trash' }).where(eq(comments.id, c.id));
  if (state === 'article back to draft') await db.update(articles).set({ status: 'draft' }).where(eq(articles.id, article.id));
  return { id: c.id, article, author: premoderated, reader };
}

const CASES: Case[] = ['held', 'deleted', 'trashed', 'article back to draft', 'missing id'];

async function recorded(id: number) {
  const db = await getDb();
  const [votes, flags, replies] = await Promise.all([
    db.select().from(commentVotes).where(eq(commentVotes.commentId, id)),
    db.select().from(commentFlags).where(eq(commentFlags.commentId, id)),
    db.select().from(comments).where(eq(comments.parentId, id)),
  ]);
  return votes.length + flags.length + replies.length;
}

const refusal = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { message: string; status: number } | null;
  expect(err).not.toBeNull();
  return { message: err!.message, status: err!.status };
};

describe('a comment the reader cannot see', () => {
  it.each(CASES)('%s: a vote, a report and a reply are refused alike, and nothing is recorded', async (state) => {
    const { id, article, reader } = await commentThat(state);
    expect(await refusal(castVote(reader, id, 1))).toEqual({ message: 'That comment is not available for voting.', status: 404 });
    expect(await refusal(flagComment(reader, id, 'spam'))).toEqual({ message: 'That comment is not available.', status: 404 });
    const reply = await refusal(postComment(reader, { articleId: article.id, parentId: id, body: 'A reply' }));
    expect(reply.status).toBe(404);
    expect(reply.message).toBe(
      state === 'article back to draft' ? 'That article does not exist.' : 'The comment you are replying to is not available.',
    );
    expect(await recorded(id)).toBe(0);
  });

  it('its own author cannot report or vote on a held comment either', async () => {
    const { id, author } = await commentThat('held');
    expect((await refusal(flagComment(author, id, 'spam'))).message).toBe('That comment is not available.');
    expect((await refusal(castVote(author, id, 1))).message).toBe('That comment is not available for voting.');
  });

  it('a visible comment takes the vote, the report and the reply', async () => {
    const [author, reader] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Plainly visible' });
    await castVote(reader, c.id, 1);
    await flagComment(reader, c.id, 'off-topic');
    await postComment(reader, { articleId: article.id, parentId: c.id, body: 'I agree' });
    expect(await recorded(c.id)).toBe(3);
  });
});

describe("the moderators' flagged tab", () => {
  it('a reported comment its author then deletes is no longer listed nor counted', async () => {
    const [author, reader, other] = await makeUsers(3);
    const [mod] = await makeUsers(1, { role: 'moderator' });
    const article = await makeArticle();
    const kept = await postComment(author, { articleId: article.id, body: 'Reported and kept' });
    const gone = await postComment(author, { articleId: article.id, body: 'Reported, then deleted' });
    await flagComment(reader, kept.id, 'abuse');
    await flagComment(reader, gone.id, 'abuse');
    await flagComment(other, gone.id, 'spam');
    actAs(mod.id);
    try {
      const listed = async () =>
        (await listModerationQueue({ tab: 'flagged', articleId: article.id })).items.map((i: { id: number }) => i.id).sort();
      expect(await listed()).toEqual([kept.id, gone.id].sort());
      const before = (await getQueueCounts()).flagged;
      await deleteComment(author, gone.id);
      expect(await listed()).toEqual([kept.id]);
      expect((await getQueueCounts()).flagged).toBe(before - 1);
      // Reporting it again does not bring it back.
      await expect(flagComment(other, gone.id, 'abuse')).rejects.toThrow('That comment is not available.');
      expect(await listed()).toEqual([kept.id]);
      const flags = await (
        await getDb()
      )
        .select()
        .from(commentFlags)
        .where(inArray(commentFlags.commentId, [gone.id]));
      expect(flags).toHaveLength(2);
    } finally {
      actAs(null);
    }
  });
});
