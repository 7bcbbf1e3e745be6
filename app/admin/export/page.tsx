import { AdminHeading, Forbidden, adminButton } from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';

export const metadata = { title: 'Export' };
export const instant = false;

async function ExportHome() {
  if (!(await staffForPage('/admin/export', 'site:export'))) return <Forbidden />;
  return (
    <>
      <AdminHeading title="Export the site" />
      <div className="max-w-2xl space-y-3 text-stone-700">
        <p>
          Take the whole site with you: articles with their editor text, revisions, sections, tags and authors; comments with their threads,
          votes, statuses, inline passages and feedback points; campaigns and pledges; settings; and every media file. Passwords, sign-in
          links and other secrets are never in it.
        </p>
        <p>
          <strong>Broadsheet format</strong> (.tar.gz): everything, to move to another Broadsheet (
          <code>npm run import -- broadsheet file</code>
          ). <strong>WordPress</strong> (WXR .xml): posts, sections, tags and comments with their threads and votes, for WordPress or any
          tool that reads its exports.
        </p>
      </div>
      <form action="/admin/export/download" method="post" className="mt-4 grid max-w-2xl gap-4 rounded border border-stone-300 p-4">
        <fieldset>
          <legend className="text-sm font-semibold">Format</legend>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="format" value="broadsheet" defaultChecked /> Broadsheet format (everything)
          </label>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="format" value="wxr" /> WordPress export (WXR)
          </label>
        </fieldset>
        <fieldset aria-describedby="export-emails-hint">
          <legend className="text-sm font-semibold">Email addresses</legend>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="emails" value="include" defaultChecked /> Include readers&apos; and donors&apos; email addresses (full
            export)
          </label>
          <label className="mt-1 flex items-center gap-2">
            <input type="radio" name="emails" value="leave-out" /> Leave them out
          </label>
          <p id="export-emails-hint" className="mt-1 text-sm text-stone-600">
            Donors&apos; and readers&apos; email addresses are only in the full export: keep that file as safe as the site itself. Every
            download is recorded in the audit log.
          </p>
        </fieldset>
        <div>
          <button type="submit" className={adminButton}>
            Download the export
          </button>
        </div>
      </form>
    </>
  );
}

export default function ExportPage() {
  return <ExportHome />;
}
