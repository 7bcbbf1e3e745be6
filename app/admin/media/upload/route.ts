import { NextResponse } from 'next/server';
import { isSameOrigin } from '@/lib/same-origin';
import { uploadMedia } from '@/lib/dal/admin/media';
import { UserError } from '@/lib/errors';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from '@/lib/media';

/** Multipart overhead allowed on top of the file itself. */
const FORM_OVERHEAD = 64 * 1024;

const ERROR_CODES: Record<number, string> = { 401: 'signin', 403: 'forbidden', 413: 'size', 415: 'type' };

/**
 * Image upload for the media library and the editor's cover picker. A route handler rather than a
 * server action: server actions cap bodies at 1 MB and cannot refuse a big one before reading it.
 * Route handlers get no origin check from Next, so this one checks the Origin itself (CSRF); the DAL
 * checks the session and permission, and lib/media.ts checks the bytes.
 */
export async function POST(req: Request) {
  const wantsJson = (req.headers.get('accept') ?? '').includes('application/json');
  const reply = (status: number, body: { ok: true; media: unknown } | { ok: false; message: string }) => {
    if (wantsJson) return NextResponse.json(body, { status });
    const to = new URL('/admin/media', req.url);
    if (body.ok) to.searchParams.set('uploaded', '1');
    else to.searchParams.set('error', ERROR_CODES[status] ?? 'failed');
    return NextResponse.redirect(to, 303);
  };

  if (!isSameOrigin(req)) return NextResponse.json({ ok: false, message: 'Cross-site uploads are not accepted.' }, { status: 403 });

  const length = Number(req.headers.get('content-length') ?? '0');
  if (length > MAX_UPLOAD_BYTES + FORM_OVERHEAD) {
    return reply(413, {
      ok: false,
      message: `That file is ${(length / 1024 / 1024).toFixed(1)} MB: images can be at most ${MAX_UPLOAD_LABEL}. Resize it and try again.`,
    });
  }
  try {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new UserError('The upload could not be read. Please try again.');
    }
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) throw new UserError('Choose an image file to upload.');
    if (file.size > MAX_UPLOAD_BYTES) {
      throw new UserError(
        `That file is ${(file.size / 1024 / 1024).toFixed(1)} MB: images can be at most ${MAX_UPLOAD_LABEL}. Resize it and try again.`,
        413,
      );
    }
    const alt = typeof form.get('alt') === 'string' ? String(form.get('alt')) : '';
    const row = await uploadMedia(Buffer.from(await file.arrayBuffer()), alt);
    return reply(201, { ok: true, media: { key: row.key, url: `/media/${row.key}`, alt: row.alt, width: row.width, height: row.height } });
  } catch (err) {
    if (err instanceof UserError) return reply(err.status, { ok: false, message: err.message });
    console.error('media upload failed', err);
    return reply(500, { ok: false, message: 'The upload failed. Please try again.' });
  }
}
