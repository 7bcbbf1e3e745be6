import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { ResendVerificationForm } from '@/components/account/resend-verification-form';
import { readFlash } from '@/lib/actions/form-flash';
import { safeBackPath } from '@/lib/validation/comment';
import { accountForPage } from '@/lib/dal/page-guard';

export const metadata: Metadata = { title: 'Verify your email address', robots: { index: false } };
// Reads the session before the first byte, so the resend form is in the HTML and works without JavaScript.
export const instant = false;

const REASONS: Record<string, string> = {
  vote: 'Verify your email address to vote.',
  comment: 'Until your email address is verified, your comments are held for review before they appear.',
  'comment-held': 'Your comment is held for review: your email address is not verified yet. It will appear once a moderator approves it.',
  'comment-refused': 'Verify your email address to comment.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where a reader whose address is not verified lands after a refused vote or a held or refused comment
 * (the plain-form path without JavaScript; with JavaScript the thread says the same in place).
 */
export default async function VerifyPage({ searchParams }: Props) {
  const sp = await searchParams;
  const reason = typeof sp.for === 'string' ? REASONS[sp.for] : undefined;
  const back = safeBackPath(sp.back, '/');
  const user = await accountForPage(`/account/verify${typeof sp.for === 'string' && reason ? `?for=${sp.for}` : ''}`);
  const resend = await readFlash('resend');
  return (
    <div className="space-y-4">
      <h1 className="font-serif text-3xl font-bold">Verify your email address</h1>
      {user.emailVerified ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2">
          Your email address is verified: you can vote and comment.
        </p>
      ) : (
        <>
          {reason && (
            <p role="alert" className="rounded border border-amber-600 bg-amber-50 px-3 py-2">
              {reason}
            </p>
          )}
          <p>
            Votes and comments count only from confirmed addresses. We sent a link to <strong>{user.email}</strong>: open it to confirm that
            the address is yours.
          </p>
          <ResendVerificationForm initial={resend} />
        </>
      )}
      <p>
        <Link href={back} className="underline">
          Back to the conversation
        </Link>
      </p>
    </div>
  );
}
