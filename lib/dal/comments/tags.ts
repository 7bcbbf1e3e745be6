/**
 * The cache tags a comment write dirties, in one place for the readers' writes (posting.ts, editing.ts,
 * votes.ts) and the moderators' (lib/dal/admin/moderation/comments.ts):
 *   - the article's thread (every cached read of its comments: pages, permalinks, feedback, anchors);
 *   - with `counts`, also what shows how many comments there are: the article itself and every comment count.
 * A held comment, and anything else readers cannot see, dirties nothing.
 */
import { TAGS } from '@/lib/cache-tags';

export function threadTags(articleIds: Iterable<string>, counts: boolean): string[] {
  const tags: string[] = [];
  for (const id of articleIds) {
    tags.push(TAGS.comments(id));
    if (counts) tags.push(TAGS.article(id));
  }
  if (counts && tags.length) tags.push(TAGS.commentCounts);
  return tags;
}
