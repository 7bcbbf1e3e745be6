import Link from '@/components/ui/link';
import { AdminHeading, Forbidden, StatusBadge, adminButton, adminInput, formatWhen, type SearchParams } from '@/components/admin/ui';
import { FileField, UploadError, UploadForm } from '@/components/admin/upload-form';
import { staffForPage } from '@/lib/dal/page-guard';
import { IMPORT_SOURCES, listImportJobs } from '@/lib/dal/admin/imports';

export const metadata = { title: 'Import' };
export const instant = false;

const ERRORS: Record<string, string> = {
  empty: 'Choose an export file to import.',
  size: 'That file is larger than 200 MB: import it on the server with npm run import instead.',
  type: 'That file is not what you chose it to be: check the kind of file and how it was exported (see the hints under the list).',
  forbidden: 'Your account cannot import archives.',
};

async function ImportHome({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  if (!(await staffForPage('/admin/import', 'import:run'))) return <Forbidden />;
  const jobs = await listImportJobs();
  return (
    <>
      <AdminHeading title="Import an archive" />
      <p className="mb-4 max-w-2xl text-stone-700">
        Bring a WordPress or Ghost site in (posts with their dates and status, authors as author accounts, sections and tags, images,
        comments with their threads, status and wpDiscuz votes; old links keep working), then its Disqus comments and its GiveWP donations.
        A dry run comes first and lists everything that would be skipped and why. Running it again later creates nothing twice and updates
        what changed.
      </p>
      <UploadError sp={sp} messages={ERRORS} />
      <UploadForm action="/admin/import/upload" className="max-w-2xl">
        <div className="min-w-0">
          <label htmlFor="import-source" className="block text-sm font-semibold">
            What the file is
          </label>
          <select id="import-source" name="source" defaultValue="wordpress" aria-describedby="import-source-hint" className={adminInput}>
            {Object.entries(IMPORT_SOURCES).map(([key, s]) => (
              <option key={key} value={key}>
                {s.label}
              </option>
            ))}
          </select>
          <ul id="import-source-hint" className="mt-1 list-disc pl-5 text-xs text-stone-600">
            {Object.entries(IMPORT_SOURCES).map(([key, s]) => (
              <li key={key}>
                {s.label}: {s.hint}
              </li>
            ))}
          </ul>
        </div>
        <FileField
          id="import-file"
          label="Export file"
          accept=".xml,.json,.csv,application/xml,text/xml,application/json,text/csv"
          hint={
            <>
              Up to 200 MB here; larger archives: <code>npm run import -- wordpress file.xml</code> on the server.
            </>
          }
        />
        <div>
          <button type="submit" className={adminButton}>
            Upload and check (dry run)
          </button>
        </div>
      </UploadForm>
      <h2 className="mb-2 font-serif text-xl font-bold">Recent imports</h2>
      {jobs.length === 0 ? (
        <p className="text-stone-600">None yet.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded border border-stone-300">
          {jobs.map((j) => (
            <li key={j.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <Link href={`/admin/import/${j.id}`} className="font-semibold underline">
                {j.fileName}
              </Link>
              <span className="text-sm text-stone-600">
                {j.dryRun ? 'dry run' : 'import'} · {formatWhen(j.createdAt)}
              </span>
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
