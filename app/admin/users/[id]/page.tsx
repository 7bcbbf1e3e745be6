import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ActionButton } from '@/components/admin/action-form';
import { AdminHeading, Forbidden, Loading, StatusBadge, formatWhen } from '@/components/admin/ui';
import { BanForm } from '@/components/admin/moderation/forms';
import { DeleteUserForm, RoleForm } from '@/components/admin/users/user-forms';
import { forceSignOutAction } from '@/lib/actions/admin/users';
import { premoderateUserAction, unbanUserAction } from '@/lib/actions/admin/moderation';
import { can } from '@/lib/auth/roles';
import { staffForPage } from '@/lib/dal/page-guard';
import { getUserDetail } from '@/lib/dal/admin/users';
import { NotFoundError } from '@/lib/errors';
import { isBannedNow } from '@/lib/auth/ban';

export const metadata = { title: 'User' };

async function load(id: string) {
  try {
    return await getUserDetail(id);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

async function UserDetail({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await staffForPage(`/admin/users/${encodeURIComponent(id)}`, 'users:moderate');
  if (!viewer) return <Forbidden />;
  if (!/^[\w-]{1,100}$/.test(id)) notFound();
  const d = await load(id);
  const u = d.user;
  const isAdmin = can(viewer.role, 'users:manage');
  const self = u.id === viewer.id;
  const canRestrict = !self && !u.deletedAt && (u.role === 'reader' || isAdmin);
  const banned = isBannedNow(u);
  return (
    <>
      <AdminHeading title={`@${u.handle}`}>
        <Link href="/admin/users" className="py-2 text-sm underline">
          ← All users
        </Link>
      </AdminHeading>
      <dl className="grid max-w-3xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">Name</dt>
        <dd>{u.name ?? '—'}</dd>
        <dt className="font-semibold">Email</dt>
        <dd className="break-all">
          {u.email}
          {u.emailVerified ? ' (verified)' : ' (not verified)'}
        </dd>
        <dt className="font-semibold">Role</dt>
        <dd>{u.role}</dd>
        <dt className="font-semibold">Joined</dt>
        <dd>{formatWhen(u.createdAt)}</dd>
        <dt className="font-semibold">Comments</dt>
        <dd>
          {d.counts.approved} approved, {d.counts.pending} pending, {d.counts.rejected} rejected
        </dd>
        <dt className="font-semibold">Pledges</dt>
        <dd>{d.pledges?.pledges ?? 0}</dd>
        {d.articlesCount ? (
          <>
            <dt className="font-semibold">Articles</dt>
            <dd>{d.articlesCount}</dd>
          </>
        ) : null}
        <dt className="font-semibold">Status</dt>
        <dd>
          {u.deletedAt ? (
            `Deleted ${formatWhen(u.deletedAt)}`
          ) : banned ? (
            <span className="font-semibold text-red-800">
              Banned until {formatWhen(u.bannedUntil)}
              {u.banReason ? `: ${u.banReason}` : ''}
            </span>
          ) : (
            'Active'
          )}
          {u.premoderated ? ' · comments pre-moderated' : ''}
        </dd>
      </dl>

      {canRestrict ? (
        <section aria-labelledby="mod-h" className="mt-8 max-w-3xl space-y-4">
          <h2 id="mod-h" className="text-lg font-semibold">
            Commenting rights
          </h2>
          <div className="flex flex-wrap gap-2">
            <ActionButton
              action={premoderateUserAction}
              fields={{ userId: u.id, premoderated: u.premoderated ? '' : 'on' }}
              label={u.premoderated ? 'Stop pre-moderating' : 'Pre-moderate their comments'}
            />
            {banned ? <ActionButton action={unbanUserAction} fields={{ userId: u.id }} label="Lift ban" /> : null}
          </div>
          <div className="rounded border border-stone-300 p-3">
            <h3 className="mb-2 font-semibold">{banned ? 'Change the ban' : 'Ban'}</h3>
            <BanForm userId={u.id} handle={u.handle} idPrefix="ban" />
          </div>
        </section>
      ) : null}

      {isAdmin && !self && !u.deletedAt ? (
        <section aria-labelledby="acct-h" className="mt-8 max-w-3xl space-y-4">
          <h2 id="acct-h" className="text-lg font-semibold">
            Account
          </h2>
          <RoleForm userId={u.id} role={u.role} />
          <ActionButton action={forceSignOutAction} fields={{ userId: u.id }} label="Sign out everywhere" />
          <div className="rounded border border-red-300 p-3">
            <DeleteUserForm userId={u.id} handle={u.handle} />
          </div>
        </section>
      ) : null}

      <section aria-labelledby="recent-h" className="mt-8 max-w-3xl">
        <h2 id="recent-h" className="text-lg font-semibold">
          Recent comments
        </h2>
        {d.recent.length ? (
          <ul className="mt-2 space-y-2">
            {d.recent.map((c) => (
              <li key={c.id} className="text-sm">
                <StatusBadge status={c.status} />{' '}
                <Link href={`/article/${c.articleSlug}`} className="underline">
                  {c.articleTitle}
                </Link>
                <span className="text-stone-600"> · {formatWhen(c.createdAt)}</span>
                <p className="break-words text-stone-800">{c.body.length > 200 ? `${c.body.slice(0, 199)}…` : c.body}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">None.</p>
        )}
        <p className="mt-2 text-sm">
          <Link href={`/admin/comments?tab=approved&user=${encodeURIComponent(u.handle)}`} className="underline">
            All their comments in the queue
          </Link>
        </p>
      </section>

      <section aria-labelledby="hist-h" className="mt-8 max-w-3xl">
        <h2 id="hist-h" className="text-lg font-semibold">
          Staff actions on this account
        </h2>
        {d.history.length ? (
          <ul className="mt-2 text-sm">
            {d.history.map((h) => (
              <li key={h.id}>
                {formatWhen(h.createdAt)} · {h.action} by @{h.actorHandle ?? 'system'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-600">None.</p>
        )}
      </section>
    </>
  );
}

export default function UserPage({ params }: { params: Promise<{ id: string }> }) {
  return (
    <Suspense fallback={<Loading />}>
      <UserDetail params={params} />
    </Suspense>
  );
}
