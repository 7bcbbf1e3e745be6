import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/components/admin/action-form';
import { DiffView } from '@/components/admin/diff-view';
import { AdminHeading, Forbidden, adminButton, adminInput, formatWhen, param, type SearchParams } from '@/components/admin/ui';
import { restoreRevisionAction } from '@/lib/actions/admin/articles';
import { getArticleForEdit, listRevisions } from '@/lib/dal/admin/articles';
import { staffForPage } from '@/lib/dal/page-guard';
import { ForbiddenError, NotFoundError } from '@/lib/errors';

export const metadata = { title: 'Revisions' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

type Props = { params: Promise<{ id: string }>; searchParams: SearchParams };

async function Revisions({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  if (!(await staffForPage(`/admin/articles/${encodeURIComponent(id)}/revisions`, 'articles:write-own'))) return <Forbidden />;
  let article;
  let revisions;
  try {
    [article, revisions] = await Promise.all([getArticleForEdit(id), listRevisions(id)]);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ForbiddenError) return <Forbidden message={err.message} />;
    throw err;
  }
  const byId = (v: string) => revisions.find((r) => String(r.id) === v);
  const to = byId(param(sp, 'to')) ?? revisions[0];
  const from = byId(param(sp, 'from')) ?? revisions.find((r) => to && r.version < to.version) ?? to;
  return (
    <>
      <AdminHeading title={`Revisions: ${article.title}`}>
        <Link href={`/admin/articles/${id}`} className="self-center underline">
          Back to the editor
        </Link>
      </AdminHeading>
      {revisions.length === 0 ? (
        <p>No revisions yet.</p>
      ) : (
        <>
          <form method="get" className="mb-6 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <div>
              <label htmlFor="rv-from" className="block text-sm font-semibold">
                Compare from
              </label>
              <select id="rv-from" name="from" defaultValue={from ? String(from.id) : ''} className={adminInput}>
                {revisions.map((r) => (
                  <option key={r.id} value={r.id}>
                    Version {r.version} · {formatWhen(r.createdAt)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="rv-to" className="block text-sm font-semibold">
                to
              </label>
              <select id="rv-to" name="to" defaultValue={to ? String(to.id) : ''} className={adminInput}>
                {revisions.map((r) => (
                  <option key={r.id} value={r.id}>
                    Version {r.version} · {formatWhen(r.createdAt)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className={adminButton}>
              Compare
            </button>
          </form>
          {from && to ? (
            <section aria-label="Differences" className="mb-8 space-y-4">
              <DiffView label="Title" before={from.title} after={to.title} />
              <DiffView label="Standfirst" before={from.dek} after={to.dek} />
              <DiffView label={`Text, version ${from.version} → ${to.version}`} before={from.bodySource} after={to.bodySource} />
            </section>
          ) : null}
          <h2 className="mb-2 text-lg font-bold">All versions</h2>
          <ol className="divide-y divide-stone-200 border-y border-stone-200">
            {revisions.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <strong>Version {r.version}</strong> · {r.editor ?? 'unknown'} · {formatWhen(r.createdAt)}
                  <span className="block text-sm text-stone-600">{r.title}</span>
                </span>
                {r.version !== article.version && article.editable ? (
                  <ActionButton
                    action={restoreRevisionAction}
                    fields={{ articleId: id, revisionId: String(r.id) }}
                    label={`Restore version ${r.version}`}
                  />
                ) : r.version === article.version ? (
                  <span className="text-sm text-stone-600">current</span>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

export default function RevisionsPage(props: Props) {
  return <Revisions {...props} />;
}
