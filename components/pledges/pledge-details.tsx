import type { PledgeView } from '@/lib/dal/pledges';
import { formatDate } from '@/lib/format';
import { formatMoney } from '@/lib/money';

const STATUS: Record<PledgeView['status'], string> = {
  pledged: 'Awaiting payment',
  received: 'Received, thank you',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

/** Whether it counts yet, in words (unconfirmed and held pledges don't count toward the goal). */
export function pledgeStanding(p: Pick<PledgeView, 'status' | 'confirmed' | 'review'>): string | null {
  if (p.status !== 'pledged') return null;
  if (p.review === 'held') return 'Being reviewed by our staff (large amount); it counts toward the goal once approved';
  if (!p.confirmed) return 'Waiting for you to confirm your address (see the mail we sent you); it counts toward the goal once confirmed';
  return null;
}

/** The facts of one pledge, as the pledger sees them. */
export function PledgeDetails({ pledge: p }: { pledge: PledgeView }) {
  const standing = pledgeStanding(p);
  const rows: [string, React.ReactNode][] = [
    ['Pledge number', <strong key="n">{p.number}</strong>],
    ['Campaign', p.campaign.title],
    ['Amount', `${formatMoney(p.amountCents, p.currency, { cents: true })}${p.frequency === 'monthly' ? ' per month' : ' (one-time)'}`],
    ['Status', standing ? `${STATUS[p.status]}. ${standing}.` : STATUS[p.status]],
    ['Pledged on', formatDate(p.createdAt)],
    ['On the donor wall as', p.anonymous ? 'Anonymous' : p.displayName || 'A supporter'],
    ['Amount on the donor wall', p.hideAmount ? 'Hidden' : 'Shown'],
    ...(p.message
      ? ([
          [
            'Your message',
            <span key="m" className="whitespace-pre-line">
              {p.message}
              {p.messageStatus === 'pending'
                ? ' (shown on the donor wall once our staff have approved it)'
                : p.messageStatus === 'rejected'
                  ? ' (not published)'
                  : ''}
            </span>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    ['Receipt to', p.email],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-semibold text-stone-700">{k}</dt>
          <dd className="mb-2 break-words sm:mb-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
