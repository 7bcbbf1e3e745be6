import { notFound } from 'next/navigation';
import { listArticles } from '@/lib/dal/articles';
import { parsePage } from '@/lib/format';
import { Pagination } from '@/components/ui/pagination';
import { ArticleList } from './article-list';

/** A paginated list of public articles; an out-of-range or malformed page is a 404. */
export async function Listing({
  filter,
  base,
  rawPage,
  heading,
  intro,
}: {
  filter: { categoryId?: string; tagId?: string; authorId?: string };
  base: string;
  rawPage: string | undefined;
  heading: React.ReactNode;
  intro?: React.ReactNode;
}) {
  const page = parsePage(rawPage);
  if (page === null) notFound();
  const result = await listArticles(filter, page);
  if (page > result.pages) notFound();
  return (
    <>
      <header className="mb-8 border-b border-stone-300 pb-4">
        <h1 className="font-serif text-4xl font-black">{heading}</h1>
        {intro}
        <p className="mt-2 text-sm text-stone-500">
          {result.total} {result.total === 1 ? 'article' : 'articles'}
        </p>
      </header>
      <ArticleList items={result.items} />
      <Pagination base={base} page={page} pages={result.pages} />
    </>
  );
}
