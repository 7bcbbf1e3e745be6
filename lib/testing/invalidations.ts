/**
 * For tests: which cache tags a write dirtied.
 *   const { result, tags } = await recordInvalidations(() => postComment(viewer, input));
 *   expect(tags).toEqual(expect.arrayContaining([TAGS.comments(articleId)]));
 */
import { onInvalidate } from '@/lib/cache-invalidate';

export async function recordInvalidations<T>(fn: () => Promise<T>): Promise<{ result: T; tags: string[] }> {
  const tags: string[] = [];
  const stop = onInvalidate((t) => tags.push(...t));
  try {
    return { result: await fn(), tags: [...new Set(tags)].sort() };
  } finally {
    stop();
  }
}
