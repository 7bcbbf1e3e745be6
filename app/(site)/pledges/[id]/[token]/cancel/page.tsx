import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { cancelPledgeWithTokenFormAction } from '@/lib/actions/pledges';
import { PledgeDetails } from '@/components/pledges/pledge-details';
import { getPledgeWithToken, pledgePath } from '@/lib/dal/pledges';

type Props = { params: Promise<{ id: string; token: string }> };

// 'same-origin', not 'no-referrer': the secret URL never leaves the site, and the browser still sends an
// Origin with this page's form post (with no-referrer it sends `Origin: null`, which Next refuses as CSRF).
export const metadata: Metadata = { title: 'Cancel your pledge', robots: { index: false, follow: false }, referrer: 'same-origin' };

export async function generateStaticParams() {
  return [{ id: '__none__', token: '__none__' }];
}

/** The mail's cancel link asks before cancelling (a GET must not change anything: mail scanners follow links). */
export default async function CancelPledgePage({ params }: Props) {
  const { id, token: raw } = await params;
  const token = decodeURIComponent(raw);
  const pledge = await getPledgeWithToken(id, token);
  if (!pledge) notFound();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="font-serif text-3xl font-black">
        {pledge.online && pledge.frequency === 'monthly' && pledge.status !== 'pledged' ? 'Stop your monthly gift?' : 'Cancel your pledge?'}
      </h1>
      {pledge.cancellable && pledge.status === 'received' ? (
        <p>Payments already made stay with the newsroom; no further month will be charged.</p>
      ) : null}
      <PledgeDetails pledge={pledge} />
      {pledge.cancellable ? (
        <form action={cancelPledgeWithTokenFormAction}>
          <input type="hidden" name="pledgeId" value={pledge.id} />
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="rounded border border-red-700 bg-white px-4 py-2 font-semibold text-red-800 hover:bg-red-50">
            {pledge.status === 'pledged' ? 'Cancel this pledge' : 'Stop my monthly gift'}
          </button>
        </form>
      ) : (
        <p role="status">
          {pledge.status === 'cancelled'
            ? 'This pledge is already cancelled.'
            : 'This pledge has already been received, so it can’t be cancelled here. Please contact the newsroom.'}
        </p>
      )}
      <p>
        <Link href={pledgePath(pledge.id, token)} className="underline">
          Back to your pledge
        </Link>
      </p>
    </div>
  );
}
