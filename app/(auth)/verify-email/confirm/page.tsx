import { LinkProblem } from '@/components/auth/link-problem';
import { confirmEmailAction } from '@/lib/actions/auth';
import { peekToken, TOKEN_MESSAGES } from '@/lib/auth/tokens';
import { requestTimeMetadata } from '@/lib/metadata';

// 'same-origin': the token in this address never leaves the site, and the browser still sends an Origin with
// the form post (with no-referrer it sends `Origin: null`, which Next refuses as CSRF).
export const generateMetadata = () =>
  requestTimeMetadata({ title: 'Confirm your email address', robots: { index: false, follow: false }, referrer: 'same-origin' });
// Blocking (no Suspense), so the button is in the HTML for browsers without JavaScript.
export const instant = false;

/**
 * The emailed verify / change-email link. A GET changes nothing (mail scanners follow links): the page asks,
 * the button (a plain form, no JavaScript needed) confirms, and /verify-email then says what happened.
 */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const check =
    typeof token === 'string' && token.length >= 10 && token.length <= 200
      ? await peekToken(token, ['verify_email', 'change_email'])
      : { ok: false as const, message: TOKEN_MESSAGES.invalid };
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="font-serif text-3xl font-bold">Confirm your email address</h1>
      {check.ok ? (
        <>
          <p>Press the button to confirm that this address is yours.</p>
          <form action={confirmEmailAction}>
            <input type="hidden" name="token" value={token as string} />
            <button type="submit" className="rounded bg-brand px-5 py-2.5 font-bold text-white hover:opacity-90">
              Confirm my email address
            </button>
          </form>
          <p className="text-sm text-stone-600">Didn’t ask for this? Ignore this page: nothing changes until the button is pressed.</p>
        </>
      ) : (
        <LinkProblem message={check.message} />
      )}
    </div>
  );
}
