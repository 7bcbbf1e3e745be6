import { NextResponse, type NextRequest } from 'next/server';
import { exportPledgesCsv } from '@/lib/dal/pledges';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { pledgeFilterSchema } from '@/lib/validation/pledge';
import { fieldErrorsOf } from '@/lib/validation/zod';

/**
 * GET /admin/pledges/export?status=&from=YYYY-MM-DD&to=YYYY-MM-DD&campaignId=&q= : the matching pledges as
 * CSV. The DAL checks the permission (pledges:manage) and the ban; a GET changes nothing.
 */
export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
  const parsed = pledgeFilterSchema.safeParse({
    status: sp.get('status') ?? undefined,
    review: sp.get('review') ?? undefined,
    campaignId: sp.get('campaignId') ?? undefined,
    q: sp.get('q') ?? undefined,
    from: sp.get('from') ?? undefined,
    to: sp.get('to') ?? undefined,
  });
  try {
    if (!parsed.success) {
      // Check rights first so an anonymous caller learns nothing, then explain the bad filter.
      await exportPledgesCsv({ status: 'cancelled', to: '1970-01-01' });
      const errors = Object.entries(fieldErrorsOf(parsed.error)).map(([k, v]) => `${k}: ${v.join(' ')}`);
      return new NextResponse(`Bad filter. ${errors.join('; ')}\n`, {
        status: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    const csv = await exportPledgesCsv(parsed.data);
    const f = parsed.data;
    const name = ['pledges', f.status, f.from && `from-${f.from}`, f.to && `to-${f.to}`].filter(Boolean).join('-');
    return new NextResponse(`\uFEFF${csv}`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (err) {
    if (err instanceof UnauthenticatedError) return new NextResponse('Please sign in first.\n', { status: 401 });
    if (err instanceof ForbiddenError) return new NextResponse(`${err.message}\n`, { status: 403 });
    throw err;
  }
}
