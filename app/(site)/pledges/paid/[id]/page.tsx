import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import Link from '@/components/ui/link';
import { readPledgeResult } from '@/lib/actions/pledge-result';
import { getPaidStatus } from '@/lib/dal/payments/checkout';

export const metadata: Metadata = { title: 'Thank you for your gift', robots: { index: false, follow: false }, referrer: 'no-referrer' };
export const instant = false;

type Props = { params: Promise<{ id: string }> };

/**
 * Where the hosted checkout sends the donor back (its success_url). It only reads: the pledge becomes
 * received when the provider's signed webhook says the money arrived, which may be a moment after this
 * page (the page then says the receipt is on its way).
 */
export default async function PaidPage({ params }: Props) {
  await connection();
  const { id } = await params;
  const [paid, result] = await Promise.all([getPaidStatus(id), readPledgeResult()]);
  if (!paid) notFound();
  const to = result ? ` to ${result.maskedEmail}` : '';
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="font-serif text-3xl font-black">Thank you for your gift!</h1>
      {paid.status === 'received' ? (
        <p role="status">Your payment has been received. We have mailed your receipt{to}.</p>
      ) : paid.status === 'waiting' ? (
        <p role="status">
          We are waiting for Stripe to confirm your payment. It usually takes a few seconds; your receipt will arrive by mail{to} as soon as
          it is confirmed.
        </p>
      ) : (
        <p role="status">This gift is no longer active. If you think this is a mistake, please contact the newsroom.</p>
      )}
      <p>
        Back to{' '}
        <Link href={`/support/${paid.campaign.slug}`} className="underline">
          {paid.campaign.title}
        </Link>
        .
      </p>
    </div>
  );
}
