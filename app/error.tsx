'use client';

import { OUTAGE_ACTION_MESSAGE, OUTAGE_TEXT, OUTAGE_TITLE } from '@/lib/outage';

// Shown when a page fails. Never shows the error's message or stack: only a reference (digest), or, for a form
// posted during a database outage (proxy.ts answered 503), what that means.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const outage = error.message === OUTAGE_ACTION_MESSAGE;
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-serif text-3xl font-black">{outage ? OUTAGE_TITLE : 'Something went wrong'}</h1>
      <p className="mt-4 text-stone-600">{outage ? OUTAGE_TEXT : 'We could not show this page just now. Please try again in a minute.'}</p>
      {error.digest && <p className="mt-2 text-xs text-stone-500">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-6 rounded bg-stone-900 px-4 py-2 text-white">
        Try again
      </button>
    </div>
  );
}
