import Link from '@/components/ui/link';
import {
  AdminHeading,
  AdminPager,
  Forbidden,
  StatusBadge,
  adminButton,
  adminInput,
  formatWhen,
  pageParam,
  param,
  type SearchParams,
} from '@/components/admin/ui';
import type { ArticleStatus } from '@/db/schema';
import { getEditorOptions, listAdminArticles } from '@/lib/dal/admin/articles';
import { staffForPage } from '@/lib/dal/page-guard';
import { ARTICLE_STATUSES } from '@/lib/validation/admin';
import { formatCount } from '@/lib/format';

export const metadata = { title: 'Articles' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

async function ArticleList({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const filters = { q: param(sp, 'q'), status: param(sp, 'status'), author: param(sp, 'author'), category: param(sp, 'category') };
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  if (!(await staffForPage(`/admin/articles${qs ? `?${qs}` : ''}`, 'articles:write-own'))) return <Forbidden />;
  const status = (ARTICLE_STATUSES as readonly string[]).includes(filters.status) ? (filters.status as ArticleStatus) : undefined;
  const [list, options] = await Promise.all([
    listAdminArticles({
      q: filters.q,
      status,
      authorId: filters.author || undefined,
      categoryId: filters.category || undefined,
      page: pageParam(sp),
    }),
    getEditorOptions(),
  ]);
  return (
    <>
      <AdminHeading title="Articles">
        <Link href="/admin/articles/new" className={adminButton}>
          New article
        </Link>
      </AdminHeading>
      <form method="get" role="search" aria-label="Filter articles" className="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <label htmlFor="af-q" className="block text-sm font-semibold">
            Search
          </label>
          <input id="af-q" name="q" type="search" defaultValue={filters.q} className={adminInput} placeholder="Title, slug or words" />
        </div>
        <div>
          <label htmlFor="af-status" className="block text-sm font-semibold">
            Status
          </label>
          <select id="af-status" name="status" defaultValue={status ?? ''} className={adminInput}>
            <option value="">Any status</option>
            {ARTICLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        {options.canChooseAuthors && (
          <div>
            <label htmlFor="af-author" className="block text-sm font-semibold">
              Author
            </label>
            <select id="af-author" name="author" defaultValue={filters.author} className={adminInput}>
              <option value="">Any author</option>
              {options.authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor="af-category" className="block text-sm font-semibold">
            Section
          </label>
          <select id="af-category" name="category" defaultValue={filters.category} className={adminInput}>
            <option value="">Any section</option>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={adminButton}>
            Filter
          </button>
          {qs ? (
            <Link href="/admin/articles" className="py-2 text-sm underline">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      <p className="mb-2 text-sm text-stone-600" aria-live="polite">
        {list.total} {list.total === 1 ? 'article' : 'articles'}
      </p>
      {list.items.length === 0 ? (
        <p className="text-stone-600">No articles match.</p>
      ) : (
        <ul className="divide-y divide-stone-200 border-y border-stone-200">
          {list.items.map((a) => (
            <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3">
              <div className="min-w-0">
                <Link href={`/admin/articles/${a.id}`} className="font-semibold underline">
                  {a.title}
                </Link>{' '}
                <StatusBadge status={a.status} />
                {a.status === 'draft' && a.submittedAt ? (
                  <span className="ml-1 text-xs font-semibold text-amber-800">submitted</span>
                ) : null}
                <span className="block text-sm text-stone-600">
                  {a.authors.join(', ') || 'No byline'}
                  {a.categoryName ? ` · ${a.categoryName}` : ''} · {formatCount(a.commentCount, 'comment')}
                </span>
              </div>
              <span className="text-sm text-stone-600">
                {a.status === 'scheduled' || a.status === 'published'
                  ? `Publishes ${formatWhen(a.publishedAt)}`
                  : `Updated ${formatWhen(a.updatedAt)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      <AdminPager
        base="/admin/articles"
        params={Object.fromEntries(Object.entries(filters).filter(([, v]) => v))}
        page={list.page}
        pages={list.pages}
      />
    </>
  );
}

export default function ArticlesPage({ searchParams }: { searchParams: SearchParams }) {
  return <ArticleList searchParams={searchParams} />;
}
