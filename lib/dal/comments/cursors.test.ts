import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db/client';
import { NotFoundError } from '@/lib/errors';
import { makeArticle } from '@/lib/testing/comment-fixtures';
import { decodeCursor, encodeCursor } from './cursors';
import { loadReplies, loadThreadPage } from './reads';

afterAll(() => closeDatabase());

describe('cursors from the address bar', () => {
  const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  it('refuses garbage and tampered cursors with a not-found, never a database error', async () => {
    const article = await makeArticle();
    const bad = [
      'garbage',
      raw(['2026-13-45 25:61:61+00', 1]),
      raw(['2026-02-30 10:00:00+00', 1]),
      raw([99_999_999_999, 1]),
      raw(['x', 1]),
      raw([5, -1]),
      '%%%',
    ];
    for (const c of bad) {
      expect(decodeCursor(c, 'time') ?? decodeCursor(c, 'score')).toBeNull();
      await expect(loadThreadPage(article.id, 'newest', c)).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadThreadPage(article.id, 'top', c)).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadReplies(1, c)).rejects.toBeInstanceOf(NotFoundError);
    }
    // A score cursor is not a date cursor.
    await expect(loadThreadPage(article.id, 'newest', encodeCursor(5, 1))).rejects.toBeInstanceOf(NotFoundError);
    // Real cursors still page.
    expect(decodeCursor(encodeCursor('2026-11-29 05:57:48.123456+00', 7), 'time')).toEqual({ key: '2026-11-29 05:57:48.123456+00', id: 7 });
    expect((await loadThreadPage(article.id, 'top', encodeCursor(3, 1))).threads).toEqual([]);
  });
});
