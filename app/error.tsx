'use client';
import { TooLarge } from '@/components/ui/too-large';
import { isTooLargeMessage } from '@/lib/request-limits';

// Shown when a page fails. Never shows the error's message or stack: only a reference (digest), or the one
// message of ours that reaches here (a form too large to send, refused by proxy.ts).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (isTooLargeMessage(error.message)) return <TooLarge message={error.message} reset={reset} />;
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-serif text-3xl font-black">Something went wrong</h1>
      <p className="mt-4 text-stone-600">We could not show this page just now. Please try again in a minute.</p>
      {error.digest && <p className="mt-2 text-xs text-stone-500">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-6 rounded bg-stone-900 px-4 py-2 text-white">
        Try again
      </button>
    </div>
  );
}
