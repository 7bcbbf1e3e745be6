import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { connection } from 'next/server';
import { confirmPledgeFormAction } from '@/lib/actions/pledges';
import { getPledgeForConfirmation } from '@/lib/dal/pledges';
import { formatMoney } from '@/lib/money';

type Props = { params: Promise<{ id: string; token: string }> };

// 'same-origin', not 'no-referrer': the secret URL never leaves the site, and the browser still sends an
// Origin with this page's form post (with no-referrer it sends `Origin: null`, which Next refuses as CSRF).
export const metadata: Metadata = { title: 'Confirm your pledge', robots: { index: false, follow: false }, referrer: 'same-origin' };
export const instant = false;

export async function generateStaticParams() {
  return [{ id: '__none__', token: '__none__' }];
}

/**
 * The double opt-in link from the thank-you mail. A GET changes nothing (mail scanners follow links): the
 * page asks, the button (a plain form, no JavaScript needed) confirms, and the page then says what happened.
 */
export default async function ConfirmPledgePage({ params }: Props) {
  await connection();
  const { id, token: raw } = await params;
  const token = decodeURIComponent(raw);
  const p = await getPledgeForConfirmation(id, token);
  if (!p) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="font-serif text-3xl font-black">This confirmation link is not valid</h1>
        <p role="alert">
          Please use the link in the mail we sent you right after your pledge, or{' '}
          <Link href="/support" className="underline">
            make a new pledge
          </Link>
          .
        </p>
      </div>
    );
  }
  const amount = `${formatMoney(p.amountCents, p.currency, { cents: true })}${p.frequency === 'monthly' ? ' per month' : ''}`;
  const what = `your pledge of ${amount} to ${p.campaign.title} (No. ${p.number})`;
  const campaignLink = (
    <Link href={`/support/${p.campaign.slug}`} className="underline">
      {p.campaign.title}
    </Link>
  );
  if (p.status === 'cancelled') {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="font-serif text-3xl font-black">This pledge is cancelled</h1>
        <p role="status">
          {p.rejected ? 'Our staff did not accept this pledge' : 'This pledge was cancelled'}, so there is nothing to confirm. Back to{' '}
          {campaignLink}.
        </p>
      </div>
    );
  }
  if (p.confirmed) {
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <h1 className="font-serif text-3xl font-black">Your pledge is confirmed</h1>
        <p role="status">
          Thank you! We have confirmed {what} for {p.maskedEmail}.{' '}
          {p.held
            ? 'Because of its size, it is being reviewed by our staff before it counts toward the goal.'
            : 'It now counts toward the goal.'}
        </p>
        {p.messageHeld ? <p>Your message will appear on the donor wall once our staff have approved it.</p> : null}
        <p>The mail we sent you has the payment instructions and a link to see or cancel your pledge. Back to {campaignLink}.</p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="font-serif text-3xl font-black">Confirm your pledge</h1>
      <p>
        Please confirm {what}, made with the address {p.maskedEmail}. It counts toward the goal once confirmed.
      </p>
      <form action={confirmPledgeFormAction}>
        <input type="hidden" name="pledgeId" value={p.id} />
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="rounded bg-brand px-5 py-2.5 font-bold text-white hover:opacity-90">
          Confirm my pledge
        </button>
      </form>
      <p className="text-sm text-stone-600">Didn’t pledge? Ignore this page: nothing counts in your name until you confirm.</p>
    </div>
  );
}
