import { NextResponse } from 'next/server';
import { uploadMedia } from '@/lib/dal/admin/media';
import { UserError } from '@/lib/errors';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from '@/lib/media';
import { FORM_OVERHEAD_BYTES } from '@/lib/request-limits';
import { declaredTooLarge, isSameOrigin, readForm, seeOther } from '@/lib/route-helpers';

const ERROR_CODES: Record<number, string> = { 401: 'signin', 403: 'forbidden', 413: 'size', 415: 'type' };

/**
 * Image upload for the media library and the editor's cover picker. A route handler rather than a
 * server action: server actions take far less (lib/request-limits.ts), and this one refuses a big body
 * before reading it (lib/route-helpers.ts).
 * Route handlers get no origin check from Next, so this one checks the Origin itself (CSRF); the DAL
 * checks the session and permission, and lib/media.ts checks the bytes.
 */
export async function POST(req: Request) {
  const wantsJson = (req.headers.get('accept') ?? '').includes('application/json');
  const reply = (status: number, body: { ok: true; media: unknown } | { ok: false; message: string }) => {
    if (wantsJson) return NextResponse.json(body, { status });
    // A relative Location: behind a proxy `req.url` names the address the server listens on, not the site's.
    return seeOther(`/admin/media?${body.ok ? 'uploaded=1' : `error=${ERROR_CODES[status] ?? 'failed'}`}`);
  };

  if (!isSameOrigin(req)) return NextResponse.json({ ok: false, message: 'Cross-site uploads are not accepted.' }, { status: 403 });
  const length = Number(req.headers.get('content-length') ?? '0');
  if (declaredTooLarge(req, MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES)) {
    return reply(413, {
      ok: false,
      message: `That file is ${(length / 1024 / 1024).toFixed(1)} MB: images can be at most ${MAX_UPLOAD_LABEL}. Resize it and try again.`,
    });
  }
  try {
    const form = await readForm(
      req,
      MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES,
      () => new UserError(`That file is too large: images can be at most ${MAX_UPLOAD_LABEL}. Resize it and try again.`, 413),
    );
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
