import Link from 'next/link';
import { AdminHeading, Forbidden, StatusBadge, adminButton, formatWhen, param, type SearchParams } from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/admin/guard';
import { listImportJobs } from '@/lib/dal/admin/imports';

export const metadata = { title: 'Import' };
export const instant = false;

const ERRORS: Record<string, string> = {
  empty: 'Choose an export file to import.',
  size: 'That file is larger than 200 MB: import it on the server with npm run import instead.',
  type: 'That file is not a WordPress export (WXR). In WordPress, use Tools → Export → All content.',
  forbidden: 'Your account cannot import archives.',
  failed: 'The upload failed. Please try again.',
};

async function ImportHome({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  if (!(await staffForPage('/admin/import', 'import:run'))) return <Forbidden />;
  const jobs = await listImportJobs();
  const error = param(sp, 'error') ? ERRORS[param(sp, 'error')] ?? ERRORS.failed : null;
  return (
    <>
      <AdminHeading title="Import an archive" />
      <p className="mb-4 max-w-2xl text-stone-700">
        Bring a WordPress site in: posts with their dates and status, authors (as author accounts, invited by mail),
        categories and tags, images, and comments with their threads, status and wpDiscuz votes. Old links keep working.
        A dry run comes first and lists everything that would be skipped and why. Running it again later creates nothing
        twice and updates what changed.
      </p>
      {error ? <p role="alert" className="mb-4 rounded border border-red-700 bg-red-50 px-3 py-2">{error}</p> : null}
      <form action="/admin/import/upload" method="post" encType="multipart/form-data" className="mb-8 grid max-w-2xl gap-3 rounded border border-stone-300 p-4">
        <div className="min-w-0">
          <label htmlFor="import-file" className="block text-sm font-semibold">WordPress export file (WXR)</label>
          <input id="import-file" name="file" type="file" required accept=".xml,application/xml,text/xml" aria-describedby="import-file-hint" className="mt-1 block w-full min-w-0 text-sm" />
          <p id="import-file-hint" className="mt-1 text-xs text-stone-600">
            In WordPress: Tools → Export → All content. Up to 200 MB here; larger archives: <code>npm run import -- wordpress file.xml</code> on the server.
          </p>
        </div>
        <div><button type="submit" className={adminButton}>Upload and check (dry run)</button></div>
      </form>
      <h2 className="mb-2 font-serif text-xl font-bold">Recent imports</h2>
      {jobs.length === 0 ? <p className="text-stone-600">None yet.</p> : (
        <ul className="divide-y divide-stone-200 rounded border border-stone-300">
          {jobs.map((j) => (
            <li key={j.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <Link href={`/admin/import/${j.id}`} className="font-semibold underline">{j.fileName}</Link>
              <span className="text-sm text-stone-600">{j.dryRun ? 'dry run' : 'import'} · {formatWhen(j.createdAt)}</span>
              <StatusBadge status={j.status} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export default function ImportPage({ searchParams }: { searchParams: SearchParams }) {
  return <ImportHome searchParams={searchParams} />;
}
