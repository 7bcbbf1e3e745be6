import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { peekToken } from '@/lib/auth/tokens';

export const metadata: Metadata = { title: 'Choose a new password', robots: { index: false }, referrer: 'no-referrer' };

async function ResetBody({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const check = typeof token === 'string' && token.length >= 10 && token.length <= 200
    ? await peekToken(token, ['reset_password'])
    : { ok: false as const, message: 'This link is not valid. Check that you copied the whole link, or ask for a new one.' };
  if (!check.ok) {
    return (
      <div className="space-y-3">
        <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2">{check.message}</p>
        <p><Link href="/forgot-password" className="underline">Ask for a new link</Link></p>
      </div>
    );
  }
  return <ResetPasswordForm token={token as string} />;
}

export default function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Choose a new password</h1>
      <Suspense fallback={<p>Checking your link…</p>}>
        <ResetBody searchParams={searchParams} />
      </Suspense>
    </div>
  );
}
