import 'server-only';
/** Public full-text search over articles, with highlighted snippets. */
import { and, desc, sql } from 'drizzle-orm';
import { cacheLife, cacheTag } from 'next/cache';
import { getDb } from '@/db/client';
import { articles } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { isPublic } from '@/lib/dal/visibility';
import { cardsFor, type ArticleCard } from './cards';
import { decodeHTML, escapeUTF8 } from 'entities';

/** ts_headline output (body text with entities, marks as \x01..\x02) -> safe HTML with <mark>. */
export function highlightSnippet(raw: string): string {
  return escapeUTF8(decodeHTML(raw)).replace(/\x01/g, '<mark>').replace(/\x02/g, '</mark>');
}

const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';

export type SearchHit = ArticleCard & { snippet: string; rank: number };

/**
 * Full-text search over title (weight A), dek (B) and body (C) with websearch syntax
 * ("quoted phrases", -exclusions, or). Any input is safe: it is passed as a bound parameter.
 */
export async function searchArticles(query: string, page: number, perPage = 10) {
  'use cache';
  cacheTag(TAGS.articles);
  cacheLife('minutes');
  const q = query.slice(0, 200);
  const db = await getDb();
  const tsq = sql`websearch_to_tsquery('english', ${q})`;
  const where = and(isPublic, sql`${articles.search} @@ ${tsq}`);
  const total = await db.$count(articles, where);
  const rows = await db
    .select({
      id: articles.id,
      rank: sql<number>`ts_rank_cd(${articles.search}, ${tsq})`,
      snippet: sql<string>`ts_headline('english', ${articles.dek} || ' ' || regexp_replace(${articles.body}, '<[^>]+>', ' ', 'g'), ${tsq}, ${HEADLINE_OPTIONS})`,
    })
    .from(articles)
    .where(where)
    .orderBy(sql`2 desc`, desc(articles.publishedAt))
    .limit(perPage)
    .offset((page - 1) * perPage);
  const cards = await cardsFor(rows.map((r) => r.id));
  const hits: SearchHit[] = cards.map((c, i) => ({ ...c, snippet: highlightSnippet(rows[i].snippet), rank: rows[i].rank }));
  return { hits, total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
}
