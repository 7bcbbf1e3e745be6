import { requestTimeMetadata } from '@/lib/metadata';
import Link from '@/components/ui/link';
import { LinkProblem } from '@/components/auth/link-problem';
import { TOKEN_MESSAGES } from '@/lib/auth/tokens';

export const generateMetadata = () => requestTimeMetadata({ title: 'Verify your email', robots: { index: false } });
export const instant = false;

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { done, error } = await searchParams;
  const message = error === 'expired' ? TOKEN_MESSAGES.expired : error === 'used' ? TOKEN_MESSAGES.used : TOKEN_MESSAGES.invalid;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Verify your email</h1>
      {done === 'verified' || done === 'changed' ? (
        <div className="space-y-3">
          <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2">
            {done === 'changed' ? 'Your new email address is confirmed.' : 'Your email address is verified. Thank you!'}
          </p>
          <p>
            <Link href="/signin" className="underline">
              Sign in
            </Link>{' '}
            ·{' '}
            <Link href="/" className="underline">
              Go to the front page
            </Link>
          </p>
        </div>
      ) : (
        <LinkProblem message={message} />
      )}
    </div>
  );
}
