import { getImportJob } from '@/lib/dal/admin/imports';
import { UserError } from '@/lib/errors';

/** How far an import got, for its page's progress bar (admins only: the DAL checks). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const job = await getImportJob((await params).id);
    if (!job) return Response.json({ ok: false }, { status: 404 });
    return Response.json(
      { ok: true, status: job.status, processed: job.processed, total: job.total },
      { headers: { 'cache-control': 'private, no-store' } },
    );
  } catch (err) {
    if (err instanceof UserError) return Response.json({ ok: false, message: err.message }, { status: err.status });
    throw err;
  }
}
