import { requestTimeMetadata } from '@/lib/metadata';
import Link from '@/components/ui/link';
import { Suspense } from 'react';
import { ArticleCard } from '@/components/article/article-card';
import { searchArticles } from '@/lib/dal/articles';

export const generateMetadata = () => requestTimeMetadata({ title: 'Search', robots: { index: false } });

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

async function Results({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const q = first(sp.q).trim().slice(0, 200);
  const rawPage = first(sp.page);
  const page = /^[1-9]\d{0,4}$/.test(rawPage) ? Number(rawPage) : 1;
  return (
    <>
      <SearchForm q={q} />
      {q ? (
        <ResultList q={q} page={page} />
      ) : (
        <p className="mt-6 text-stone-600">Type a word or a phrase. Use &quot;quotes&quot; for phrases and -word to exclude.</p>
      )}
    </>
  );
}

async function ResultList({ q, page }: { q: string; page: number }) {
  const { hits, total, pages } = await searchArticles(q, page);
  return (
    <section aria-labelledby="results-heading" className="mt-6">
      <h2 id="results-heading" className="mb-4 text-sm text-stone-600" aria-live="polite">
        {total === 0 ? (
          <>No results for “{q}”.</>
        ) : (
          <>
            {total} {total === 1 ? 'result' : 'results'} for “{q}”
          </>
        )}
      </h2>
      <ol className="space-y-8">
        {hits.map((h) => (
          <li key={h.id}>
            <ArticleCard article={h} size="sm" snippet={h.snippet} />
          </li>
        ))}
      </ol>
      {pages > 1 && (
        <nav aria-label="Result pages" className="mt-8 flex justify-between text-sm">
          {page > 1 ? (
            <Link className="underline" href={`/search?q=${encodeURIComponent(q)}&page=${page - 1}`}>
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {Math.min(page, pages)} of {pages}
          </span>
          {page < pages ? (
            <Link className="underline" href={`/search?q=${encodeURIComponent(q)}&page=${page + 1}`}>
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </section>
  );
}

function SearchForm({ q }: { q: string }) {
  return (
    <form action="/search" method="get" role="search" aria-label="Search articles" className="flex gap-2">
      <label htmlFor="q" className="sr-only">
        Search articles
      </label>
      <input
        id="q"
        name="q"
        type="search"
        defaultValue={q}
        maxLength={2000}
        placeholder="Search articles"
        className="min-w-0 flex-1 rounded border border-stone-400 px-3 py-2"
      />
      <button type="submit" className="rounded bg-stone-900 px-4 py-2 font-medium text-white">
        Search
      </button>
    </form>
  );
}

export default function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="mb-4 font-serif text-4xl font-black">Search</h1>
      <Suspense fallback={<SearchForm q="" />}>
        <Results searchParams={searchParams} />
      </Suspense>
    </div>
  );
}
