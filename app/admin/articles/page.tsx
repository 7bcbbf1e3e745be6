import Link from '@/components/ui/link';
import {
  AdminHeading,
  AdminPager,
  Forbidden,
  StatusBadge,
  adminButton,
  formatWhen,
  pageParam,
  param,
  type SearchParams,
} from '@/components/admin/ui';
import { FilterForm, FilterInput, FilterSelect } from '@/components/admin/filters';
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
      <FilterForm label="Filter articles" base="/admin/articles" filtered={!!qs} className="sm:grid-cols-2 lg:grid-cols-5">
        <FilterInput
          id="af-q"
          name="q"
          type="search"
          label="Search"
          defaultValue={filters.q}
          placeholder="Title, slug or words"
          className="lg:col-span-2"
        />
        <FilterSelect id="af-status" name="status" label="Status" value={status ?? ''} any="Any status" options={ARTICLE_STATUSES} />
        {options.canChooseAuthors && (
          <FilterSelect
            id="af-author"
            name="author"
            label="Author"
            value={filters.author}
            any="Any author"
            options={options.authors.map((a) => ({ value: a.id, label: a.name }))}
          />
        )}
        <FilterSelect
          id="af-category"
          name="category"
          label="Section"
          value={filters.category}
          any="Any section"
          options={options.categories.map((c) => ({ value: c.id, label: c.name }))}
        />
      </FilterForm>
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
