import { NextResponse, type NextRequest } from 'next/server';
import { revalidateTag } from 'next/cache';
import { confirmEmailToken, getUserByEmail } from '@/lib/dal/users';
import { UserError } from '@/lib/errors';
import { TAGS } from '@/lib/cache-tags';

/** The emailed verify / change-email link: uses the token once, then shows the outcome on /verify-email. */
export async function GET(request: NextRequest) {
  const token = request.nextUrl.searchParams.get('token') ?? '';
  const target = new URL('/verify-email', request.nextUrl);
  if (token.length < 10 || token.length > 200) {
    target.searchParams.set('error', 'invalid');
    return NextResponse.redirect(target, 303);
  }
  try {
    const result = await confirmEmailToken(token);
    const user = await getUserByEmail(result.email);
    if (user) revalidateTag(TAGS.user(user.id), 'max');
    // A verified address can turn this account's counted pledges into a supporter badge (getSupporterIds).
    revalidateTag(TAGS.campaigns, 'max');
    target.searchParams.set('done', result.purpose === 'change_email' ? 'changed' : 'verified');
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    target.searchParams.set('error', /expired/.test(err.message) ? 'expired' : /already been used/.test(err.message) ? 'used' : 'invalid');
  }
  const res = NextResponse.redirect(target, 303);
  res.headers.set('Referrer-Policy', 'no-referrer');
  return res;
}
