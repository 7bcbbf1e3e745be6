import { asc, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { articleAuthors, articles } from '@/db/schema';

export type ArticlePage = { articles: (typeof articles.$inferSelect)[]; bylines: (typeof articleAuthors.$inferSelect)[] };

/**
 * Every article in id order, `size` at a time (keyset: never the whole table in memory), each page with
 * its bylines in byline order. Both export formats read articles this way.
 */
export async function* articlePages(db: DbOrTx, size: number): AsyncGenerator<ArticlePage> {
  let after: string | null = null;
  for (;;) {
    const rows = await db
      .select()
      .from(articles)
      .where(after ? gt(articles.id, after) : undefined)
      .orderBy(asc(articles.id))
      .limit(size);
    if (!rows.length) return;
    const bylines = await db
      .select()
      .from(articleAuthors)
      .where(
        inArray(
          articleAuthors.articleId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(articleAuthors.position));
    yield { articles: rows, bylines };
    if (rows.length < size) return;
    after = rows[rows.length - 1].id;
  }
}
