import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { PledgeDetails } from '@/components/pledges/pledge-details';
import { ProgressBar } from '@/components/pledges/progress-bar';
import { getCampaignSummary } from '@/lib/dal/campaigns';
import { getPledgeWithToken } from '@/lib/dal/pledges';

type Props = { params: Promise<{ id: string; token: string }> };

export const metadata: Metadata = { title: 'Your pledge', robots: { index: false, follow: false }, referrer: 'no-referrer' };

export async function generateStaticParams() {
  return [{ id: '__none__', token: '__none__' }];
}

/** The confirmation page (also the "see your pledge" link in the mail): the secret token is the key. */
export default async function PledgePage({ params }: Props) {
  const { id, token } = await params;
  const pledge = await getPledgeWithToken(id, decodeURIComponent(token));
  if (!pledge) notFound();
  const campaign = await getCampaignSummary(pledge.campaign.id);
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <header>
        {pledge.status === 'cancelled' ? (
          <h1 className="font-serif text-3xl font-black">This pledge is cancelled</h1>
        ) : (
          <h1 className="font-serif text-3xl font-black">Thank you for your pledge!</h1>
        )}
        <p className="mt-2 text-stone-700">
          {pledge.status === 'pledged' && pledge.review === 'held'
            ? 'Because of its size, your pledge is being reviewed by our staff before it counts toward the goal.'
            : pledge.status === 'pledged' && !pledge.confirmed
              ? 'Please confirm your pledge with the confirmation link in the mail we sent you: it counts toward the goal once confirmed.'
              : pledge.status === 'pledged'
                ? `We have emailed the details to ${pledge.email}. Keep this page’s address to see or cancel your pledge later.`
                : pledge.status === 'received'
                  ? 'We have received your payment. Thank you for supporting independent journalism.'
                  : 'Nothing more to do. You can make a new pledge at any time.'}
        </p>
      </header>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading" className="mb-3 text-xl font-bold">
          Your pledge
        </h2>
        <PledgeDetails pledge={pledge} />
      </section>
      {pledge.status === 'pledged' && !pledge.online ? (
        <section aria-labelledby="pay-heading" className="rounded border-2 border-stone-800 p-4">
          <h2 id="pay-heading" className="text-xl font-bold">
            How to pay
          </h2>
          <p className="mt-2 whitespace-pre-line">{pledge.paymentInstructions}</p>
          <p className="mt-2">
            Please quote your pledge number <strong>{pledge.number}</strong>.
          </p>
        </section>
      ) : null}
      {campaign ? (
        <section aria-labelledby="campaign-heading">
          <h2 id="campaign-heading" className="mb-3 text-xl font-bold">
            <Link href={`/support/${campaign.slug}`} className="underline">
              {campaign.title}
            </Link>
          </h2>
          <ProgressBar campaign={campaign} />
        </section>
      ) : null}
      {pledge.cancellable ? (
        <p>
          Changed your mind?{' '}
          <Link href={`/pledges/${pledge.id}/${encodeURIComponent(decodeURIComponent(token))}/cancel`} className="underline">
            {pledge.status === 'pledged' ? 'Cancel this pledge' : 'Stop my monthly gift'}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
