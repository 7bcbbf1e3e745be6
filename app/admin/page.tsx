import Link from '@/components/ui/link';
import { AdminHeading, Forbidden, StatusBadge, formatWhen } from '@/components/admin/ui';
import { BackupStatus } from '@/components/admin/backup-status';
import { getBackupStatus } from '@/lib/dal/admin/backups';
import { getDashboard } from '@/lib/dal/admin/dashboard';
import { has } from '@/lib/dal/admin/guard';
import { staffForPage } from '@/lib/dal/page-guard';
import { formatMoney } from '@/lib/money';

export const metadata = { title: 'Dashboard' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

/** One of the dashboard's article lists: each title links to its editor, followed by what `children` says of it. */
function ArticleList<T extends { id: string; title: string }>({
  id,
  title,
  empty,
  items,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  items: T[];
  children: (item: T) => React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="min-w-0">
      <h2 id={id} className="mb-2 text-lg font-bold">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="text-stone-600">{empty}</p>
      ) : (
        <ul className="divide-y divide-stone-200">
          {items.map((a) => (
            <li key={a.id} className="py-2">
              <Link href={`/admin/articles/${a.id}`} className="font-medium underline">
                {a.title}
              </Link>
              {children(a)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

async function Dashboard() {
  if (!(await staffForPage('/admin', 'admin:access'))) return <Forbidden />;
  const d = await getDashboard();
  const backups = has(d.viewer, 'backup:run') ? await getBackupStatus() : null;
  return (
    <>
      <AdminHeading title="Dashboard">
        {d.articles ? (
          <Link href="/admin/articles/new" className="rounded bg-stone-900 px-4 py-2 font-semibold text-white">
            New article
          </Link>
        ) : null}
      </AdminHeading>
      <div className="grid gap-6 lg:grid-cols-2">
        {d.articles && (
          <>
            <ArticleList id="drafts-h" title="Drafts" empty="No drafts." items={d.articles.drafts}>
              {(a) => (
                <span className="block text-sm text-stone-600">
                  {a.submittedAt ? <>Submitted for review {formatWhen(a.submittedAt)}</> : <>Updated {formatWhen(a.updatedAt)}</>}
                </span>
              )}
            </ArticleList>
            <ArticleList id="scheduled-h" title="Scheduled" empty="Nothing scheduled." items={d.articles.scheduled}>
              {(a) => (
                <>
                  {' '}
                  <StatusBadge status={a.status} />
                  <span className="block text-sm text-stone-600">Goes live {formatWhen(a.publishedAt)}</span>
                </>
              )}
            </ArticleList>
          </>
        )}
        {d.comments && (
          <section aria-labelledby="comments-h" className="min-w-0">
            <h2 id="comments-h" className="mb-2 text-lg font-bold">
              Comments
            </h2>
            <ul className="space-y-1">
              <li>
                <Link href="/admin/comments?tab=pending" className="underline">
                  {d.comments.pending} waiting for moderation
                </Link>
              </li>
              <li>
                <Link href="/admin/comments?tab=flagged" className="underline">
                  {d.comments.flagged} flagged by readers
                </Link>
              </li>
            </ul>
          </section>
        )}
        {d.pledges && (
          <section aria-labelledby="pledges-h" className="min-w-0">
            <h2 id="pledges-h" className="mb-2 text-lg font-bold">
              Pledges
            </h2>
            <p className="text-sm text-stone-700">
              This week:{' '}
              {d.pledges.week.length === 0
                ? 'none yet'
                : d.pledges.week.map((w) => `${w.count} pledges, ${formatMoney(w.cents, w.currency)}`).join('; ')}
            </p>
            <ul className="mt-2 text-sm">
              {d.pledges.byStatus.map((s) => (
                <li key={`${s.status}-${s.currency}`}>
                  {s.status}: {s.count} ({formatMoney(s.cents, s.currency)})
                </li>
              ))}
            </ul>
            {d.pledges.recent.length > 0 && (
              <ul className="mt-2 divide-y divide-stone-200 text-sm">
                {d.pledges.recent.map((p) => (
                  <li key={p.id} className="py-1">
                    {p.anonymous ? 'Anonymous' : p.displayName} · {formatMoney(p.amountCents, p.currency)} · {p.campaign} · {p.status}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {backups && <BackupStatus status={backups} />}
        <section aria-labelledby="commented-h" className="min-w-0">
          <h2 id="commented-h" className="mb-2 text-lg font-bold">
            Most commented this week
          </h2>
          {d.mostCommented.length === 0 ? (
            <p className="text-stone-600">No comments this week.</p>
          ) : (
            <ol className="list-decimal space-y-1 pl-5">
              {d.mostCommented.map((a) => (
                <li key={a.id}>
                  <Link href={`/article/${a.slug}`} className="underline">
                    {a.title}
                  </Link>{' '}
                  ({a.count})
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}

export default function AdminDashboardPage() {
  return <Dashboard />;
}
