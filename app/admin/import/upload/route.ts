import { NextResponse } from 'next/server';
import { IMPORT_SOURCES, MAX_IMPORT_BYTES, startImport, type ImportSource } from '@/lib/dal/admin/imports';
import { ForbiddenError, UnauthenticatedError, UserError } from '@/lib/errors';
import { FORM_OVERHEAD_BYTES } from '@/lib/request-limits';
import { declaredTooLarge, isSameOrigin, seeOther } from '@/lib/route-helpers';

/** Reasons the form page explains (app/admin/import/page.tsx): codes, never text from the request. */
const CODES: Record<number, string> = { 400: 'empty', 401: 'signin', 403: 'forbidden', 413: 'size', 415: 'type' };

/**
 * Upload of an export for /admin/import. A route handler (server actions cap bodies far below an export's
 * size); it checks the Origin itself (CSRF), the DAL checks the session and the `import:run` permission.
 * Answers with a redirect to the dry run's page, or back to the form with the reason.
 */
export async function POST(req: Request) {
  const wantsJson = (req.headers.get('accept') ?? '').includes('application/json');
  const reply = (status: number, jobId?: string) => {
    if (wantsJson) return NextResponse.json(jobId ? { ok: true, jobId } : { ok: false, error: CODES[status] ?? 'failed' }, { status });
    if (jobId) return seeOther(`/admin/import/${jobId}`);
    if (status === 401) return seeOther('/signin?next=/admin/import');
    return seeOther(`/admin/import?error=${CODES[status] ?? 'failed'}`);
  };
  if (!isSameOrigin(req)) return NextResponse.json({ ok: false, message: 'Cross-site uploads are not accepted.' }, { status: 403 });
  if (declaredTooLarge(req, MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES)) return reply(413);
  try {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new UserError('The upload could not be read.', 400);
    }
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) throw new UserError('Choose an export file to import.', 400);
    const source = String(form.get('source') ?? 'wordpress');
    if (!Object.hasOwn(IMPORT_SOURCES, source)) throw new UserError('Choose what the file is.', 400);
    const job = await startImport({ fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()), source: source as ImportSource });
    return reply(201, job.id);
  } catch (err) {
    if (err instanceof UnauthenticatedError) return reply(401);
    if (err instanceof ForbiddenError) return reply(403);
    if (err instanceof UserError) return reply(err.status);
    console.error('import upload failed', err);
    return reply(500);
  }
}
