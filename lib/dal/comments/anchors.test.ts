import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { comments } from '@/db/schema';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { anchorAttached } from './anchors';
import { postComment } from './posting';

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

describe('inline comments on a passage', () => {
  it('keeps an inline anchor attached after small edits and detects a removed passage', () => {
    const anchor = { exact: 'voted on Tuesday to close', prefix: 'The council ', suffix: ' the old library.' };
    expect(anchorAttached('<p>The council voted on Tuesday to close the old library.</p>', anchor)).toBe(true);
    expect(anchorAttached('<p>The council voted on Tuesday night to close the old library.</p>', anchor)).toBe(true);
    expect(anchorAttached('<p>Something else entirely.</p>', anchor)).toBe(false);
  });

  it('stores an inline anchor re-described from the article text, whatever context the page sent', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle({
      body: '<p>Intro line.</p>\n<p>The council <em>voted on Tuesday</em> to close the old library.</p>',
    });
    // Context from the page around the body (a feedback panel's text), and no position.
    const c = await postComment(u, {
      articleId: article.id,
      body: 'Inline',
      anchor: {
        exact: 'voted on Tuesday to close',
        prefix: 'Post comment 💬 2 The council ',
        suffix: ' the old library. What do you think?',
      },
    });
    const db = await getDb();
    const [row] = await db.select({ anchor: comments.anchor }).from(comments).where(eq(comments.id, c.id));
    expect(row.anchor).toEqual({
      exact: 'voted on Tuesday to close',
      prefix: 'Intro line.\nThe council ',
      suffix: ' the old library.',
      start: 24,
      end: 49,
    });
    await expect(
      postComment(u, {
        articleId: article.id,
        body: 'Elsewhere',
        anchor: { exact: 'a passage that is not there at all', prefix: '', suffix: '' },
      }),
    ).rejects.toThrow(/no longer in the article/);
  });
});
