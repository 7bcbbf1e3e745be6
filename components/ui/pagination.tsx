import Link from '@/components/ui/link';

type Props = {
  page: number;
  pages: number;
  label?: string;
  /** Path-based pages: `${base}` is page 1, `${base}/page/N` the others. */
  base?: string;
  /** Or any address per page (the newsroom's lists keep their filters in the query string). */
  href?: (page: number) => string;
  previous?: string;
  next?: string;
};

/** Previous / "Page N of M" / next, as plain links (works without JavaScript). */
export function Pagination({ base = '', page, pages, label = 'Pages', href, previous = '← Newer', next = 'Older →' }: Props) {
  if (pages <= 1) return null;
  const to = href ?? ((n: number) => (n === 1 ? base : `${base}/page/${n}`));
  return (
    <nav aria-label={label} className="mt-8 flex items-center justify-between gap-4 border-t border-stone-200 pt-4 text-sm">
      {page > 1 ? (
        <Link href={to(page - 1)} rel="prev" className="font-medium underline">
          {previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-stone-600">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={to(page + 1)} rel="next" className="font-medium underline">
          {next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
