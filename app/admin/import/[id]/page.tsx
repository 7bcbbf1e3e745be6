import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/components/admin/action-form';
import { ImportProgress } from '@/components/admin/import-progress';
import { AdminHeading, Forbidden, StatusBadge, adminButton, formatWhen } from '@/components/admin/ui';
import { confirmImportAction } from '@/lib/actions/admin/imports';
import { staffForPage } from '@/lib/dal/page-guard';
import { getImportJob, IMPORT_SOURCES, type ImportSource } from '@/lib/dal/admin/imports';

export const metadata = { title: 'Import' };
export const instant = false;

async function Job({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await staffForPage(`/admin/import/${id}`, 'import:run'))) return <Forbidden />;
  const job = await getImportJob(id);
  if (!job) notFound();
  const active = job.status === 'queued' || job.status === 'running';
  return (
    <>
      {/* Without JavaScript the page reloads itself while the import runs. */}
      {active ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <AdminHeading title={`${job.dryRun ? 'Dry run' : 'Import'}: ${job.fileName}`} />
      <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-stone-700">
        <StatusBadge status={job.status} /> started {formatWhen(job.createdAt)} ·{' '}
        <Link href="/admin/import" className="underline">
          All imports
        </Link>
      </p>
      <ImportProgress
        id={job.id}
        active={active}
        unit={IMPORT_SOURCES[job.source as ImportSource]?.unit ?? 'items'}
        status={job.status}
        processed={job.processed}
        total={job.total}
      />
      {job.error ? (
        <p role="alert" className="my-4 rounded border border-red-700 bg-red-50 px-3 py-2">
          {job.error}
        </p>
      ) : null}
      {job.report ? (
        <section aria-labelledby="report-heading" className="my-6">
          <h2 id="report-heading" className="mb-2 font-serif text-xl font-bold">
            Report
          </h2>
          <pre className="overflow-x-auto rounded border border-stone-300 bg-stone-50 p-3 text-sm whitespace-pre-wrap">{job.report}</pre>
        </section>
      ) : null}
      {job.dryRun && job.status === 'done' ? (
        <ActionButton action={confirmImportAction} fields={{ jobId: job.id }} label="Run the import" className={adminButton} />
      ) : null}
    </>
  );
}

export default function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  return <Job params={params} />;
}
