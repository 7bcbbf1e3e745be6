import { Readable } from 'node:stream';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { openSiteExport } from '@/lib/dal/admin/site-export';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { isSameOrigin } from '@/lib/route-helpers';

const formSchema = z.object({
  format: z.enum(['broadsheet', 'wxr']).default('broadsheet'),
  emails: z.enum(['include', 'leave-out']).default('include'),
});

/**
 * POST /admin/export/download (the form on /admin/export): the site export, streamed as it is read. A POST with
 * an origin check, so no other site can make an admin's browser start one; the DAL checks the admin and logs
 * the download. Never cached anywhere (it holds email addresses).
 */
export async function POST(req: Request) {
  if (!isSameOrigin(req)) return NextResponse.json({ ok: false, message: 'Cross-site requests are not accepted.' }, { status: 403 });
  const form = await req.formData().catch(() => null);
  const parsed = formSchema.safeParse({ format: form?.get('format') ?? undefined, emails: form?.get('emails') ?? undefined });
  try {
    const { stream, fileName, contentType } = await openSiteExport({
      format: parsed.success ? parsed.data.format : 'broadsheet',
      includeEmails: parsed.success ? parsed.data.emails === 'include' : false,
    });
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': contentType,
        'content-disposition': `attachment; filename="${fileName}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (err) {
    if (err instanceof UnauthenticatedError)
      return new Response(null, { status: 303, headers: { location: '/signin?next=/admin/export' } });
    if (err instanceof ForbiddenError) return new NextResponse(`${err.message}\n`, { status: 403 });
    throw err;
  }
}
