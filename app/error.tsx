'use client';
import { TooLarge } from '@/components/ui/too-large';
import { isTooLargeMessage } from '@/lib/request-limits';

import { OUTAGE_ACTION_MESSAGE, OUTAGE_TEXT, OUTAGE_TITLE } from '@/lib/outage';

// Shown when a page fails. Never shows the error's message or stack: only a reference (digest), or one of the
// messages of ours that reach here: a form too large to send (proxy.ts answered 413), or a form posted during a
// database outage (proxy.ts answered 503).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (isTooLargeMessage(error.message)) return <TooLarge message={error.message} reset={reset} />;
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
