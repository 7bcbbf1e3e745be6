import Link from '@/components/ui/link';
import {
  AdminHeading,
  AdminNotice,
  Forbidden,
  StatusBadge,
  adminButton,
  adminInput,
  formatWhen,
  uploadError,
  type SearchParams,
} from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';
import { IMPORT_SOURCES, listImportJobs } from '@/lib/dal/admin/imports';

export const metadata = { title: 'Import' };
// Reads the session before the first byte: a real redirect for anonymous visitors, and forms in the HTML
// that work without JavaScript.
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
  const error = uploadError(sp, ERRORS);
  return (
    <>
      <AdminHeading title="Import an archive" />
      <p className="mb-4 max-w-2xl text-stone-700">
        Bring a WordPress or Ghost site in (posts with their dates and status, authors as author accounts, sections and tags, images,
        comments with their threads, status and wpDiscuz votes; old links keep working), then its Disqus comments and its GiveWP donations.
        A dry run comes first and lists everything that would be skipped and why. Running it again later creates nothing twice and updates
        what changed.
      </p>
      {error ? <AdminNotice tone="refused">{error}</AdminNotice> : null}
      <form
        action="/admin/import/upload"
        method="post"
        encType="multipart/form-data"
        className="mb-8 grid max-w-2xl gap-3 rounded border border-stone-300 p-4"
      >
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
        <div className="min-w-0">
          <label htmlFor="import-file" className="block text-sm font-semibold">
            Export file
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".xml,.json,.csv,application/xml,text/xml,application/json,text/csv"
            aria-describedby="import-file-hint"
            className="mt-1 block w-full min-w-0 text-sm"
          />
          <p id="import-file-hint" className="mt-1 text-xs text-stone-600">
            Up to 200 MB here; larger archives: <code>npm run import -- wordpress file.xml</code> on the server.
          </p>
        </div>
        <div>
          <button type="submit" className={adminButton}>
            Upload and check (dry run)
          </button>
        </div>
      </form>
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
