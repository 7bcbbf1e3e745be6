import { Pagination } from '@/components/ui/pagination';
import { listDonorWall } from '@/lib/dal/pledges';
import { formatDate } from '@/lib/format';
import { formatMoney } from '@/lib/money';

/** Recent supporters of a campaign, newest first, paged by path (`base`, `base/page/2`, …). */
export async function DonorWall({ campaignId, page, base }: { campaignId: string; page: number; base: string }) {
  const wall = await listDonorWall(campaignId, page);
  return (
    <section id="supporters" aria-labelledby="supporters-heading" className="scroll-mt-4">
      <h2 id="supporters-heading" className="font-serif text-2xl font-bold">
        Supporters
      </h2>
      {wall.total === 0 ? (
        <p className="mt-2 text-stone-600">No supporters yet. Be the first!</p>
      ) : (
        <ol aria-label="Donor wall" className="mt-3 divide-y divide-stone-200">
          {wall.entries.map((e) => (
            <li key={e.id} className="py-3">
              <p className="flex flex-wrap items-baseline justify-between gap-x-3">
                <span className="font-semibold">{e.name}</span>
                <span className="text-sm text-stone-700">
                  {e.amountCents === null ? 'Amount private' : formatMoney(e.amountCents, e.currency)}
                  {e.frequency === 'monthly' ? ' monthly' : ''} ·{' '}
                  <time dateTime={e.createdAt.toISOString()}>{formatDate(e.createdAt)}</time>
                </span>
              </p>
              {e.message ? <p className="mt-1 whitespace-pre-line break-words text-stone-800">{e.message}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <Pagination base={base} page={wall.page} pages={wall.pages} label="Supporter pages" />
    </section>
  );
}
