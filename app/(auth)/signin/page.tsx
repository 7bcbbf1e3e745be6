import { requestTimeMetadata } from '@/lib/metadata';
import Link from '@/components/ui/link';
import { SignInForm } from '@/components/auth/sign-in-form';
import { MagicLinkForm } from '@/components/auth/magic-link-form';
import { oauthSignInAction } from '@/lib/actions/auth';
import { enabledOAuth } from '@/lib/auth/config';
import { readFlash } from '@/lib/actions/form-flash';
import { SIGNIN_THROTTLED_HINT } from '@/lib/dal/signin';
import { retryMessage } from '@/lib/rate-limit';

export const generateMetadata = () => requestTimeMetadata({ title: 'Sign in', robots: { index: false } });
// Rendered per request before the first byte (no Suspense): notices, forms and their results are plain
// HTML, so signing in works without JavaScript.
export const instant = false;

const NOTICES: Record<string, { kind: 'status' | 'alert'; text: string }> = {
  reset: { kind: 'status', text: 'Your password was changed. Sign in with the new one.' },
  everywhere: { kind: 'status', text: 'You were signed out on every device.' },
  deleted: { kind: 'status', text: 'Your account was deleted.' },
  Verification: { kind: 'alert', text: 'That sign-in link is not valid any more: it was used already or has expired. Ask for a new one.' },
  OAuthAccountNotLinked: {
    kind: 'alert',
    text: 'An account already uses that email address. Sign in with your password, then link the provider.',
  },
  AccessDenied: { kind: 'alert', text: 'That account cannot sign in.' },
  CredentialsSignin: { kind: 'alert', text: 'Wrong email or password.' },
  Configuration: { kind: 'alert', text: 'Sign-in failed. Please try again.' },
};

/** Messages carried in the query string (after a reset, or from Auth.js's error redirects). */
async function Notice({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const key = sp.reset
    ? 'reset'
    : sp.deleted
      ? 'deleted'
      : sp.signedout === 'everywhere'
        ? 'everywhere'
        : typeof sp.error === 'string'
          ? sp.error
          : null;
  if (!key) return null;
  let notice = NOTICES[key] ?? NOTICES.Configuration;
  if (key === 'CredentialsSignin' && typeof sp.code === 'string' && sp.code.startsWith('throttled:')) {
    const seconds = Math.max(1, Math.min(24 * 3600, Number(sp.code.slice(10)) || 1));
    notice = { kind: 'alert', text: `${retryMessage(seconds)} ${SIGNIN_THROTTLED_HINT}` };
  }
  return notice.kind === 'status' ? (
    <p role="status" className="mb-4 rounded border border-green-700 bg-green-50 px-3 py-2">
      {notice.text}
    </p>
  ) : (
    <p role="alert" className="mb-4 rounded border border-red-700 bg-red-50 px-3 py-2">
      {notice.text}
    </p>
  );
}

function OAuthButtons() {
  const providers = enabledOAuth();
  if (!providers.length) return null;
  return (
    <section aria-labelledby="oauth-heading" className="mt-8 border-t border-stone-300 pt-6">
      <h2 id="oauth-heading" className="text-lg font-semibold">
        Or continue with
      </h2>
      <div className="mt-3 flex flex-wrap gap-2">
        {providers.map((p) => (
          <form key={p.id} action={oauthSignInAction}>
            <input type="hidden" name="provider" value={p.id} />
            <button type="submit" className="rounded border border-stone-900 px-3 py-2 font-semibold">
              {p.name}
            </button>
          </form>
        ))}
      </div>
    </section>
  );
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [signin, magic] = await Promise.all([readFlash('signin'), readFlash('magic')]);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Sign in</h1>
      <Notice searchParams={searchParams} />
      {/* Outside any Suspense boundary so it works without JavaScript; the action finds `next` in the Referer. */}
      <SignInForm initial={signin} />
      <p className="mt-4 text-sm">
        New here?{' '}
        <Link href="/signup" className="underline">
          Create an account
        </Link>
      </p>
      <section aria-labelledby="magic-heading" className="mt-8 border-t border-stone-300 pt-6">
        <h2 id="magic-heading" className="text-lg font-semibold">
          Sign in without a password
        </h2>
        <p className="mb-3 text-sm text-stone-600">We email you a link that signs you in once.</p>
        <MagicLinkForm initial={magic} />
      </section>
      <OAuthButtons />
    </div>
  );
}
