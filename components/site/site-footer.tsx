import { Suspense } from 'react';
import Link from '@/components/ui/link';
import { CompactProgress } from '@/components/pledges/compact-progress';

export async function SiteFooter() {
  return (
    <footer className="mt-12 border-t border-stone-300 bg-stone-100">
      <div className="mx-auto grid max-w-6xl gap-6 px-4 py-8 text-sm sm:grid-cols-2">
        <div>
          <p className="font-serif text-xl font-bold">Broadsheet</p>
          <p className="mt-1 text-stone-600">Independent journalism, funded by readers.</p>
          <ul className="mt-3 flex flex-wrap gap-3">
            <li>
              <Link href="/search" className="underline">
                Search
              </Link>
            </li>
            <li>
              <Link href="/feed.xml" className="underline">
                RSS
              </Link>
            </li>
            <li>
              <Link href="/atom.xml" className="underline">
                Atom
              </Link>
            </li>
            <li>
              <Link href="/support" className="underline">
                Support us
              </Link>
            </li>
          </ul>
        </div>
        <Suspense fallback={null}>
          <CompactProgress />
        </Suspense>
      </div>
    </footer>
  );
}
