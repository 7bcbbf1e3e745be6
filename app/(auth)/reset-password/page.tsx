import { requestTimeMetadata } from '@/lib/metadata';
import Link from '@/components/ui/link';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { readFlash } from '@/lib/actions/form-flash';
import { peekToken } from '@/lib/auth/tokens';

export const generateMetadata = () =>
  requestTimeMetadata({ title: 'Choose a new password', robots: { index: false }, referrer: 'no-referrer' });
// Blocking (no Suspense), so the outcome is in the HTML for browsers without JavaScript.
export const instant = false;

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const check =
    typeof token === 'string' && token.length >= 10 && token.length <= 200
      ? await peekToken(token, ['reset_password'])
      : { ok: false as const, message: 'This link is not valid. Check that you copied the whole link, or ask for a new one.' };
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Choose a new password</h1>
      {check.ok ? (
        <ResetPasswordForm token={token as string} initial={await readFlash('reset')} />
      ) : (
        <div className="space-y-3">
          <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2">
            {check.message}
          </p>
          <p>
            <Link href="/forgot-password" className="underline">
              Ask for a new link
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
