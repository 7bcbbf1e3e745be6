import type { Metadata } from 'next';
import { DeleteAccountForm } from '@/components/account/security-forms';
import { readFlash } from '@/lib/actions/form-flash';
import { accountForPage } from '@/lib/dal/page-guard';

export const metadata: Metadata = { title: 'Your data', robots: { index: false } };
export const instant = false;

export default async function DataPage() {
  const user = await accountForPage('/account/data');
  return (
    <div className="space-y-10">
      <h1 className="font-serif text-3xl font-bold">Your data</h1>
      <section aria-labelledby="export-heading" className="space-y-3">
        <h2 id="export-heading" className="text-xl font-semibold">
          Export
        </h2>
        <p className="text-sm">One JSON file with your profile, comments, votes, pledges and subscriptions.</p>
        <a href="/account/export" download className="inline-block rounded border border-stone-900 px-4 py-2 font-semibold">
          Download my data
        </a>
      </section>
      <section aria-labelledby="delete-heading" className="space-y-3">
        <h2 id="delete-heading" className="text-xl font-semibold">
          Delete your account
        </h2>
        <p className="text-sm">
          You are signed out everywhere and can never sign in to this account again. Your profile, picture and address are erased; your
          comments stay, shown as written by “Deleted user”. Pledges stay in the campaign&apos;s records.
        </p>
        <DeleteAccountForm hasPassword={!!user.passwordHash} initial={await readFlash('delete')} />
      </section>
    </div>
  );
}
