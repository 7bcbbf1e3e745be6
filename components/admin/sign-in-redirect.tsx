'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

/**
 * What an anonymous visitor of a newsroom page gets: a redirect to /signin?next=<this page>, by script,
 * or by a meta refresh when scripts are off, and a plain link either way.
 */
export function SignInRedirect() {
  const path = usePathname();
  const search = useSearchParams();
  const router = useRouter();
  const qs = search.toString();
  const href = `/signin?next=${encodeURIComponent(qs ? `${path}?${qs}` : path)}`;
  useEffect(() => {
    router.replace(href);
  }, [router, href]);
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <noscript>
        <meta httpEquiv="refresh" content={`0;url=${href}`} />
      </noscript>
      <h1 className="font-serif text-3xl font-black">Sign in to the newsroom</h1>
      <p className="mt-4">
        <a className="underline" href={href}>
          Sign in to continue
        </a>
      </p>
    </div>
  );
}
