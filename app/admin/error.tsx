'use client';
import Link from '@/components/ui/link';
import { usePathname } from 'next/navigation';
import { TooLarge } from '@/components/ui/too-large';
import { isTooLargeMessage } from '@/lib/request-limits';

// A newsroom page failed. The most common cause is a session that ended: offer to sign in again.
export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const path = usePathname();
  if (isTooLargeMessage(error.message)) return <TooLarge message={error.message} reset={reset} />;
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <h1 className="font-serif text-3xl font-black">This newsroom page could not be shown</h1>
      <p className="mt-4 text-stone-600">Your session may have ended, or your account may not have access.</p>
      <p className="mt-4">
        <Link className="underline" href={`/signin?next=${encodeURIComponent(path)}`}>
          Sign in again
        </Link>
      </p>
      {error.digest && <p className="mt-2 text-xs text-stone-500">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-6 rounded bg-stone-900 px-4 py-2 text-white">
        Try again
      </button>
    </div>
  );
}
