import Link from '@/components/ui/link';
import { AdminHeading, AdminPager, Forbidden, formatWhen, pageParam, param, type SearchParams } from '@/components/admin/ui';
import { FilterForm, FilterInput, FilterSelect } from '@/components/admin/filters';
import { listAuditLog } from '@/lib/dal/admin/audit';
import { staffForPage } from '@/lib/dal/page-guard';

export const metadata = { title: 'Audit log' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
export const instant = false;

function Json({ value }: { value: unknown }) {
  if (value == null) return <span className="text-stone-500">—</span>;
  return (
    <pre className="max-h-64 overflow-auto rounded bg-stone-100 p-2 text-xs whitespace-pre-wrap">{JSON.stringify(value, null, 2)}</pre>
  );
}

async function AuditLog({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const filters = {
    actor: param(sp, 'actor'),
    entityType: param(sp, 'entityType'),
    entityId: param(sp, 'entityId'),
    action: param(sp, 'action'),
    from: param(sp, 'from'),
    to: param(sp, 'to'),
  };
  const active = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const qs = new URLSearchParams(active).toString();
  if (!(await staffForPage(`/admin/audit${qs ? `?${qs}` : ''}`, 'audit:read'))) return <Forbidden />;
  const log = await listAuditLog({ ...filters, page: pageParam(sp) });
  return (
    <>
      <AdminHeading title="Audit log" />
      <FilterForm label="Filter the audit log" base="/admin/audit" filtered={!!qs} className="sm:grid-cols-2 lg:grid-cols-3">
        <FilterInput id="al-actor" name="actor" label="Who (handle or email)" defaultValue={filters.actor} />
        <FilterSelect id="al-type" name="entityType" label="Entity type" value={filters.entityType} any="Any" options={log.entityTypes} />
        <FilterSelect id="al-action" name="action" label="Action" value={filters.action} any="Any" options={log.actions} />
        <FilterInput id="al-from" name="from" type="date" label="From (UTC date)" defaultValue={filters.from} />
        <FilterInput id="al-to" name="to" type="date" label="To (UTC date)" defaultValue={filters.to} />
        {filters.entityId ? <input type="hidden" name="entityId" value={filters.entityId} /> : null}
      </FilterForm>
      {filters.entityId ? (
        <p className="mb-2 text-sm">
          Showing entries for one record: <code>{filters.entityId}</code>
        </p>
      ) : null}
      <p className="mb-2 text-sm text-stone-600" aria-live="polite">
        {log.total} {log.total === 1 ? 'entry' : 'entries'}
      </p>
      <ol className="divide-y divide-stone-200 border-y border-stone-200">
        {log.items.map((e) => (
          <li key={e.id} className="py-3">
            <p className="flex flex-wrap gap-x-3 gap-y-1">
              <strong className="font-mono text-sm">{e.action}</strong>
              <span>{e.actorHandle ? `@${e.actorHandle}` : 'system'}</span>
              <span className="text-sm text-stone-600">
                <time dateTime={new Date(e.createdAt).toISOString()}>{formatWhen(e.createdAt)}</time>
              </span>
              <span className="text-sm">
                {e.entityType}
                {e.entityId ? (
                  <>
                    {' '}
                    <Link
                      className="underline"
                      href={`/admin/audit?entityType=${encodeURIComponent(e.entityType)}&entityId=${encodeURIComponent(e.entityId)}`}
                    >
                      {e.entityId.slice(0, 12)}
                    </Link>
                  </>
                ) : null}
              </span>
            </p>
            <details className="mt-1">
              <summary className="cursor-pointer text-sm underline">Before and after</summary>
              <div className="mt-2 grid gap-2 sm:grid-cols-2">
                <div className="min-w-0">
                  <p className="text-xs font-semibold">Before</p>
                  <Json value={e.before} />
                </div>
                <div className="min-w-0">
                  <p className="text-xs font-semibold">After</p>
                  <Json value={e.after} />
                </div>
              </div>
            </details>
          </li>
        ))}
      </ol>
      <AdminPager base="/admin/audit" params={active} page={log.page} pages={log.pages} />
    </>
  );
}

export default function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  return <AuditLog searchParams={searchParams} />;
}
