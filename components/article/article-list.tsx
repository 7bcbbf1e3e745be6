import type { ArticleCard as Card } from '@/lib/dal/articles';
import { ArticleCard } from './article-card';

/** A listing page's articles, right under its h1 (archive, section, tag, author). */
export function ArticleList({ items, empty = 'No articles yet.' }: { items: Card[]; empty?: string }) {
  if (items.length === 0) return <p className="text-stone-600">{empty}</p>;
  return (
    <div className="grid gap-8 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((a) => (
        <ArticleCard key={a.id} article={a} level={2} />
      ))}
    </div>
  );
}
