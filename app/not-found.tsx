import Link from '@/components/ui/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-bold tracking-wide text-brand uppercase">404</p>
      <h1 className="mt-2 font-serif text-4xl font-black">Page not found</h1>
      <p className="mt-4 text-stone-600">The page you asked for does not exist, or has moved.</p>
      <form action="/search" method="get" className="mx-auto mt-6 flex max-w-sm gap-2">
        <label htmlFor="nf-q" className="sr-only">
          Search articles
        </label>
        <input
          id="nf-q"
          name="q"
          type="search"
          placeholder="Search articles"
          className="min-w-0 flex-1 rounded border border-stone-400 px-3 py-2"
        />
        <button className="rounded bg-stone-900 px-4 py-2 text-white">Search</button>
      </form>
      <p className="mt-6">
        <Link href="/" className="underline">
          Go to the front page
        </Link>
      </p>
    </div>
  );
}
