import Link from '@/components/ui/link';
import { Suspense } from 'react';
import { listCategories } from '@/lib/dal/articles';
import { UserMenu } from './user-menu';

async function SectionLinks() {
  const categories = await listCategories();
  return (
    <>
      {categories.map((c) => (
        <li key={c.id}>
          <Link href={`/category/${c.slug}`} className="hover:text-brand">
            {c.name}
          </Link>
        </li>
      ))}
    </>
  );
}

export function SiteHeader() {
  return (
    <header className="border-b-4 border-double border-stone-800 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="font-serif text-3xl font-black tracking-tight text-stone-900">
          Broadsheet
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <form action="/search" method="get" role="search" aria-label="Search the site" className="flex">
            <label htmlFor="site-search" className="sr-only">
              Search articles
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              placeholder="Search"
              maxLength={200}
              className="w-32 rounded-l border border-stone-300 px-2 py-1 text-sm sm:w-48"
            />
            <button type="submit" className="rounded-r border border-l-0 border-stone-300 bg-stone-100 px-2 text-sm">
              Go
            </button>
          </form>
          <Link href="/support" className="rounded bg-brand px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-dark">
            Support us
          </Link>
          <UserMenu />
        </div>
      </div>
      <nav aria-label="Sections" className="border-t border-stone-200">
        <ul className="mx-auto flex max-w-6xl gap-4 overflow-x-auto px-4 py-2 text-sm font-medium whitespace-nowrap">
          <li>
            <Link href="/" className="hover:text-brand">
              Front page
            </Link>
          </li>
          <Suspense fallback={null}>
            <SectionLinks />
          </Suspense>
          <li>
            <Link href="/archive" className="hover:text-brand">
              Archive
            </Link>
          </li>
        </ul>
      </nav>
    </header>
  );
}
