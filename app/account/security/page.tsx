import type { Metadata } from 'next';
import { ChangeEmailForm, ChangePasswordForm } from '@/components/account/security-forms';
import { signOutEverywhereAction } from '@/lib/actions/account';
import { readFlash } from '@/lib/actions/form-flash';
import { accountForPage } from '@/lib/dal/page-guard';

export const metadata: Metadata = { title: 'Email and password', robots: { index: false } };
export const instant = false;

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await accountForPage('/account/security');
  const { password: passwordNotice } = await searchParams;
  const hasPassword = !!user.passwordHash;
  const [email, password] = await Promise.all([readFlash('email'), readFlash('password')]);
  return (
    <div className="space-y-10">
      <h1 className="font-serif text-3xl font-bold">Email and password</h1>
      <section aria-labelledby="email-heading" className="space-y-3">
        <h2 id="email-heading" className="text-xl font-semibold">
          Email address
        </h2>
        <p className="text-sm">
          Your address is <strong>{user.email}</strong>
          {user.emailVerified ? ' (verified)' : ' (not verified yet)'}. A new address takes effect once you open the link we mail to it.
        </p>
        {user.pendingEmail && (
          <p role="status" className="text-sm text-stone-700">
            Waiting for confirmation of {user.pendingEmail}.
          </p>
        )}
        <ChangeEmailForm hasPassword={hasPassword} initial={email} />
      </section>
      <section aria-labelledby="password-heading" className="space-y-3">
        <h2 id="password-heading" className="text-xl font-semibold">
          Password
        </h2>
        <p className="text-sm">Changing your password signs you out on every other device.</p>
        {passwordNotice === 'changed' && (
          <p role="status" className="rounded border border-green-700 bg-green-50 px-3 py-2 text-green-900">
            Your password was changed. Every other device was signed out.
          </p>
        )}
        <ChangePasswordForm hasPassword={hasPassword} initial={password} />
      </section>
      <section aria-labelledby="sessions-heading" className="space-y-3">
        <h2 id="sessions-heading" className="text-xl font-semibold">
          Sessions
        </h2>
        <p className="text-sm">Lost a device, or signed in on a shared computer? End every session, this one included.</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="rounded border border-stone-900 px-4 py-2 font-semibold">
            Sign out everywhere
          </button>
        </form>
      </section>
    </div>
  );
}
