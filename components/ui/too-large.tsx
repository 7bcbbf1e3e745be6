'use client';

/** The error page's answer to a form refused as too large to send (proxy.ts): the message, and back to the form. */
export function TooLarge({ message, reset }: { message: string; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-serif text-3xl font-black">Too much to send</h1>
      <p className="mt-4 text-stone-600">{message}</p>
      <button type="button" onClick={reset} className="mt-6 rounded bg-stone-900 px-4 py-2 text-white">
        Back to the form
      </button>
    </div>
  );
}
