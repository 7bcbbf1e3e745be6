import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { ArticleCard } from '@/components/article/article-card';
import { getFrontPage } from '@/lib/dal/articles';
import { SITE_FEEDS } from '@/lib/metadata';

// The front page. `/` is rewritten here (next.config.js) so that it renders at request time with the
// live database and is then cached by tag, instead of being prerendered from the empty build database.
type Props = { params: Promise<{ edition: string }> };

export async function generateStaticParams() {
  return [{ edition: '__none__' }];
}

export const metadata: Metadata = { alternates: { canonical: '/', types: SITE_FEEDS } };

export default async function FrontPage({ params }: Props) {
  const { edition } = await params;
  if (edition !== 'today') notFound();
  const { lead, latest, sections } = await getFrontPage();
  if (!lead) {
    return <p className="py-16 text-center text-stone-600">Nothing published yet. Check back soon.</p>;
  }
  return (
    <div className="space-y-12">
      <h1 className="sr-only">Broadsheet: front page</h1>
      <div className="grid gap-8 lg:grid-cols-3">
        <section aria-labelledby="lead-heading" className="lg:col-span-2">
          <h2 id="lead-heading" className="sr-only">
            Lead story
          </h2>
          <ArticleCard article={lead} size="lg" />
        </section>
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading" className="mb-3 border-b-2 border-stone-800 pb-1 text-sm font-bold tracking-wide uppercase">
            Latest
          </h2>
          <ul className="divide-y divide-stone-200">
            {latest.map((a) => (
              <li key={a.id} className="py-3">
                <ArticleCard article={a} size="sm" />
              </li>
            ))}
          </ul>
        </section>
      </div>
      {sections.map(({ category, items }) => (
        <section key={category.id} aria-labelledby={`section-${category.slug}`}>
          <h2 id={`section-${category.slug}`} className="mb-4 border-b-2 border-stone-800 pb-1 font-serif text-2xl font-bold">
            <Link href={`/category/${category.slug}`} className="hover:text-brand">
              {category.name}
            </Link>
          </h2>
          <div className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            {items.map((a) => (
              <ArticleCard key={a.id} article={a} />
            ))}
          </div>
        </section>
      ))}
      <p className="text-center">
        <Link href="/archive" className="inline-block rounded border border-stone-800 px-4 py-2 font-medium hover:bg-stone-100">
          Browse the archive
        </Link>
      </p>
    </div>
  );
}
