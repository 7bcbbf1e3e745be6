import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { Forbidden, PLEDGE_STAFF_ONLY } from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';
import { PledgeMessageForm, PledgeReviewForm, PledgeStatusForm } from '@/components/pledges/admin-forms';
import { listPublicCampaigns } from '@/lib/dal/campaigns';
import { listPledgesForStaff } from '@/lib/dal/pledges';
import { formatMoney } from '@/lib/money';
import { pledgeFilterSchema } from '@/lib/validation/pledge';

export const metadata: Metadata = { title: 'Pledges', robots: { index: false, follow: false } };
// Rendered before the first byte (like the rest of the newsroom): the forms are in the HTML without JavaScript.
export const instant = false;

type SP = Promise<Record<string, string | string[] | undefined>>;

const input = 'mt-1 block w-full min-w-0 rounded border border-stone-400 bg-white px-3 py-2 text-base';
const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').slice(0, 200);
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '');
const STATUS_STYLE = {
  pledged: 'bg-amber-100 text-amber-900',
  received: 'bg-green-100 text-green-900',
  cancelled: 'bg-stone-200 text-stone-700',
  refunded: 'bg-red-100 text-red-900',
} as const;

async function PledgesAdmin({ searchParams }: { searchParams: SP }) {
  if (!(await staffForPage('/admin/pledges', 'pledges:manage'))) return <Forbidden message={PLEDGE_STAFF_ONLY} />;
  const sp = await searchParams;
  const raw = {
    status: one(sp.status),
    review: one(sp.review),
    campaignId: one(sp.campaignId),
    q: one(sp.q),
    from: one(sp.from),
    to: one(sp.to),
    page: one(sp.page) || undefined,
  };
  const parsed = pledgeFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : { page: 1 };
  const [{ rows, total, page, pages }, campaigns] = await Promise.all([listPledgesForStaff(filter), listPublicCampaigns()]);
  const keep: Record<string, string> = Object.fromEntries(Object.entries(raw).filter(([k, v]) => v && k !== 'page')) as Record<
    string,
    string
  >;
  const exportHref = `/admin/pledges/export?${new URLSearchParams(keep).toString()}`;
  const pageHref = (n: number) => `/admin/pledges?${new URLSearchParams({ ...keep, page: String(n) }).toString()}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-stone-300 pb-3">
        <h1 className="font-serif text-2xl font-black sm:text-3xl">Pledges</h1>
        <div className="flex flex-wrap gap-2">
          <a href={exportHref} className="rounded border border-stone-800 px-3 py-2 font-semibold">
            Export CSV
          </a>
          <Link href="/admin/campaigns" className="rounded border border-stone-800 px-3 py-2 font-semibold">
            Campaigns
          </Link>
        </div>
      </div>

      <form
        method="get"
        action="/admin/pledges"
        role="search"
        aria-label="Filter pledges"
        className="grid gap-3 sm:grid-cols-3 lg:grid-cols-7"
      >
        <div>
          <label htmlFor="f-status" className="block text-sm font-semibold">
            Status
          </label>
          <select id="f-status" name="status" defaultValue={raw.status} className={input}>
            <option value="">All</option>
            <option value="pledged">Awaiting payment</option>
            <option value="received">Received</option>
            <option value="cancelled">Cancelled</option>
            <option value="refunded">Refunded</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-review" className="block text-sm font-semibold">
            Needs
          </label>
          <select id="f-review" name="review" defaultValue={raw.review} className={input}>
            <option value="">Anything</option>
            <option value="held">Review (above the ceiling)</option>
            <option value="message">Message approval</option>
            <option value="unconfirmed">Address confirmation</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-campaign" className="block text-sm font-semibold">
            Campaign
          </label>
          <select id="f-campaign" name="campaignId" defaultValue={raw.campaignId} className={input}>
            <option value="">All</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from" className="block text-sm font-semibold">
            From
          </label>
          <input id="f-from" name="from" type="date" defaultValue={raw.from} className={input} />
        </div>
        <div>
          <label htmlFor="f-to" className="block text-sm font-semibold">
            To
          </label>
          <input id="f-to" name="to" type="date" defaultValue={raw.to} className={input} />
        </div>
        <div>
          <label htmlFor="f-q" className="block text-sm font-semibold">
            Name, email or number
          </label>
          <input id="f-q" name="q" type="search" defaultValue={raw.q} className={input} />
        </div>
        <div className="flex items-end">
          <button type="submit" className="rounded bg-stone-900 px-4 py-2 font-semibold text-white">
            Filter
          </button>
        </div>
      </form>
      {!parsed.success ? (
        <p role="alert" className="text-red-700">
          Some filters were not understood and were ignored: {parsed.error.issues[0]?.message}
        </p>
      ) : null}

      <p className="text-sm text-stone-600" aria-live="polite">
        {total} {total === 1 ? 'pledge' : 'pledges'}
      </p>
      <ul aria-label="Pledges" className="divide-y divide-stone-200">
        {rows.map((p) => (
          <li key={p.id} className="py-4">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p>
                <strong>{formatMoney(p.amountCents, p.currency, { cents: true })}</strong>
                {p.frequency === 'monthly' ? ' monthly' : ''} ·{' '}
                {p.anonymous ? `Anonymous (${p.displayName || 'no name'})` : p.displayName || 'No name'} ·{' '}
                <span className="break-all">{p.email}</span>
              </p>
              <span className="flex flex-wrap gap-1">
                {/* Labels: these don't count toward the public bar until resolved. */}
                {p.status === 'pledged' && !p.confirmedAt ? (
                  <span className="rounded bg-stone-100 px-2 py-0.5 text-xs font-semibold text-stone-800 ring-1 ring-stone-400">
                    unconfirmed
                  </span>
                ) : null}
                {p.status === 'pledged' && p.review === 'held' ? (
                  <span className="rounded bg-amber-200 px-2 py-0.5 text-xs font-semibold text-amber-950">held for review</span>
                ) : null}
                {p.review === 'rejected' ? (
                  <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">rejected</span>
                ) : null}
                <span className={`rounded px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[p.status]}`}>{p.status}</span>
              </span>
            </div>
            <p className="text-sm text-stone-600">
              No. {p.number} · {p.campaignTitle} · {when(p.createdAt)}
              {p.receivedAt ? ` · received ${when(p.receivedAt)}` : ''}
              {p.cancelledAt ? ` · cancelled ${when(p.cancelledAt)}` : ''}
              {p.hideAmount ? ' · amount hidden on the wall' : ''}
            </p>
            {p.provider ? (
              <div className="mt-1 text-sm text-stone-700">
                <p>
                  Paid online ({p.provider}): checkout <code className="break-all">{p.providerRef ?? '—'}</code>
                  {p.providerSubscriptionId ? (
                    <>
                      {' '}
                      · subscription <code className="break-all">{p.providerSubscriptionId}</code>
                    </>
                  ) : null}
                  {p.providerCustomerId ? (
                    <>
                      {' '}
                      · customer <code className="break-all">{p.providerCustomerId}</code>
                    </>
                  ) : null}
                </p>
                {p.payments.length ? (
                  <ul aria-label={`Payments for pledge ${p.number}`} className="ml-4 list-disc">
                    {p.payments.map((pay) => (
                      <li key={pay.ref}>
                        {formatMoney(pay.amountCents, pay.currency, { cents: true })} on {when(pay.receivedAt)} ·{' '}
                        <code className="break-all">{pay.ref}</code>
                        {pay.refundedCents ? ` · refunded ${formatMoney(pay.refundedCents, pay.currency, { cents: true })}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>No payment received yet.</p>
                )}
              </div>
            ) : null}
            {p.message ? (
              <p className="mt-1 text-sm whitespace-pre-line break-words">
                “{p.message}”{' '}
                <span className="text-stone-600">
                  (
                  {p.messageStatus === 'approved' ? 'published' : p.messageStatus === 'rejected' ? 'rejected' : 'message awaiting approval'}
                  )
                </span>
              </p>
            ) : null}
            {p.message && p.messageStatus === 'pending' && p.status !== 'cancelled' ? (
              <PledgeMessageForm pledgeId={p.id} number={p.number} />
            ) : null}
            {p.status === 'pledged' && p.review === 'held' ? <PledgeReviewForm pledgeId={p.id} number={p.number} /> : null}
            {p.staffNote ? <p className="mt-1 text-sm text-stone-700">Note: {p.staffNote}</p> : null}
            {p.status === 'pledged' ? <PledgeStatusForm pledgeId={p.id} number={p.number} /> : null}
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {page > 1 ? (
            <Link href={pageHref(page - 1)} className="underline">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link href={pageHref(page + 1)} className="underline">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}

export default function AdminPledgesPage({ searchParams }: { searchParams: SP }) {
  return <PledgesAdmin searchParams={searchParams} />;
}
