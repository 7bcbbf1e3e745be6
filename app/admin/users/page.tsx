import Link from '@/components/ui/link';
import { Suspense } from 'react';
import {
  AdminHeading,
  AdminNotice,
  AdminPager,
  Forbidden,
  Loading,
  adminButton,
  adminInput,
  formatWhen,
  param,
  type SearchParams,
} from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';
import { listUsers } from '@/lib/dal/admin/users';
import { userSearchSchema } from '@/lib/validation/admin';
import { isBannedNow } from '@/lib/auth/ban';

export const metadata = { title: 'Users' };

async function Users({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const f = userSearchSchema.parse({
    q: param(sp, 'q'),
    role: param(sp, 'role') || undefined,
    status: param(sp, 'status') || undefined,
    page: param(sp, 'page') || undefined,
  });
  const filters = Object.fromEntries(Object.entries({ q: f.q, role: f.role ?? '', status: f.status ?? '' }).filter(([, v]) => v));
  const qs = new URLSearchParams(filters).toString();
  if (!(await staffForPage(`/admin/users${qs ? `?${qs}` : ''}`, 'users:moderate'))) return <Forbidden />;
  const list = await listUsers({ q: f.q, role: f.role, status: f.status, page: f.page });
  return (
    <>
      <AdminHeading title="Users" />
      {param(sp, 'deleted') ? <AdminNotice tone="done">The account was deleted.</AdminNotice> : null}
      <form method="get" role="search" aria-label="Find users" className="mb-4 grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto]">
        <div>
          <label htmlFor="u-q" className="block text-sm font-semibold">
            Search (name, handle or email)
          </label>
          <input id="u-q" name="q" type="search" defaultValue={f.q} maxLength={200} className={adminInput} />
        </div>
        <div>
          <label htmlFor="u-role-filter" className="block text-sm font-semibold">
            Role
          </label>
          <select id="u-role-filter" name="role" defaultValue={f.role ?? ''} className={adminInput}>
            <option value="">Any</option>
            {['reader', 'author', 'editor', 'moderator', 'admin'].map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="u-status" className="block text-sm font-semibold">
            Status
          </label>
          <select id="u-status" name="status" defaultValue={f.status ?? ''} className={adminInput}>
            <option value="">Active</option>
            <option value="banned">Banned</option>
            <option value="premoderated">Pre-moderated</option>
            <option value="deleted">Deleted</option>
          </select>
        </div>
        <div className="flex items-end">
          <button type="submit" className={adminButton}>
            Search
          </button>
        </div>
      </form>
      <p className="mb-2 text-sm text-stone-600" aria-live="polite">
        {list.total} user{list.total === 1 ? '' : 's'}
      </p>
      <ul className="divide-y divide-stone-200 border-y border-stone-200">
        {list.items.map((u) => {
          const banned = isBannedNow(u);
          return (
            <li key={u.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <div className="min-w-0">
                <Link href={`/admin/users/${u.id}`} className="font-semibold underline">
                  @{u.handle}
                </Link>
                <span className="ml-2 break-all text-sm text-stone-600">
                  {u.name ? `${u.name} · ` : ''}
                  {u.email}
                </span>
              </div>
              <p className="text-sm text-stone-700">
                {u.role} · {u.comments} comment{u.comments === 1 ? '' : 's'} · {u.pledges} pledge{u.pledges === 1 ? '' : 's'}
                {banned ? (
                  <>
                    {' '}
                    · <span className="font-semibold text-red-800">banned until {formatWhen(u.bannedUntil)}</span>
                  </>
                ) : null}
                {u.premoderated ? ' · pre-moderated' : ''}
              </p>
            </li>
          );
        })}
      </ul>
      {list.items.length === 0 ? <p className="py-4 text-stone-600">No users match.</p> : null}
      <AdminPager base="/admin/users" params={filters} page={list.page} pages={list.pages} />
    </>
  );
}

export default function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <Suspense fallback={<Loading />}>
      <Users searchParams={searchParams} />
    </Suspense>
  );
}
