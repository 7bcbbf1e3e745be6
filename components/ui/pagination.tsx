import Link from 'next/link';

/** Path-based pagination: `${base}` is page 1, `${base}/page/N` the others. */
export function Pagination({ base, page, pages, label = 'Pages' }: { base: string; page: number; pages: number; label?: string }) {
  if (pages <= 1) return null;
  const href = (n: number) => (n === 1 ? base : `${base}/page/${n}`);
  return (
    <nav aria-label={label} className="mt-8 flex items-center justify-between gap-4 border-t border-stone-200 pt-4 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className="font-medium underline">
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-stone-600">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} rel="next" className="font-medium underline">
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
