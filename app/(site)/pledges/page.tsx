import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { CancelPledgeForm } from '@/components/pledges/cancel-pledge-form';
import { pledgeStanding } from '@/components/pledges/pledge-details';
import { getViewer } from '@/lib/dal/session';
import { listMyPledges } from '@/lib/dal/pledges';
import { formatDate } from '@/lib/format';
import { formatMoney } from '@/lib/money';

export const metadata: Metadata = { title: 'Your pledges', robots: { index: false } };
// Rendered per request before the first byte, so the cancel buttons work without JavaScript.
export const instant = false;

const STATUS = { pledged: 'Awaiting payment', received: 'Received', cancelled: 'Cancelled', refunded: 'Refunded' } as const;

async function MyPledges() {
  const viewer = await getViewer();
  if (!viewer) {
    return (
      <p>
        <Link href="/signin?next=%2Fpledges" className="underline">
          Sign in
        </Link>{' '}
        to see the pledges made with your account. Pledged as a guest? The link in your thank-you mail shows your pledge.
      </p>
    );
  }
  const pledges = await listMyPledges();
  if (pledges.length === 0)
    return (
      <p>
        You have not pledged yet.{' '}
        <Link href="/support" className="underline">
          Support us
        </Link>
      </p>
    );
  return (
    <ul className="divide-y divide-stone-200">
      {pledges.map((p) => (
        <li key={p.id} className="space-y-2 py-4">
          <p className="flex flex-wrap items-baseline justify-between gap-2">
            {p.path ? (
              <Link href={p.path} className="font-semibold underline">
                {formatMoney(p.amountCents, p.currency)}
                {p.frequency === 'monthly' ? ' monthly' : ''} to {p.campaign.title}
              </Link>
            ) : (
              // Pledged with another address: its secret link went to that address only.
              <span className="font-semibold">
                {formatMoney(p.amountCents, p.currency)}
                {p.frequency === 'monthly' ? ' monthly' : ''} to {p.campaign.title}
              </span>
            )}
            <span className="text-sm text-stone-700">
              {STATUS[p.status]} · {formatDate(p.createdAt)} · No. {p.number}
            </span>
          </p>
          {pledgeStanding(p) ? <p className="text-sm text-stone-700">{pledgeStanding(p)}.</p> : null}
          {p.cancellable ? (
            <CancelPledgeForm pledgeId={p.id} label={p.status === 'pledged' ? 'Cancel this pledge' : 'Stop my monthly gift'} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function MyPledgesPage() {
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="mb-4 font-serif text-3xl font-black">Your pledges</h1>
      <MyPledges />
    </div>
  );
}
