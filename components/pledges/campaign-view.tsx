import Link from '@/components/ui/link';
import type { ActionState } from '@/lib/actions/state';
import type { CampaignSummary } from '@/lib/dal/campaigns';
import { formatDate } from '@/lib/format';
import { DonorWall } from './donor-wall';
import { PledgeForm } from './pledge-form';
import { ProgressBar } from './progress-bar';

/** A campaign's public page: its story, the bar, the pledge form (while open) and the donor wall. */
export function CampaignView({
  campaign,
  page,
  others = [],
  viewerEmail,
  initial,
  payOnline = false,
}: {
  campaign: CampaignSummary;
  page: number;
  others?: CampaignSummary[];
  viewerEmail: string | null;
  initial?: ActionState;
  payOnline?: boolean;
}) {
  return (
    <div className="mx-auto max-w-3xl space-y-10">
      <header>
        <p className="text-sm font-bold tracking-wide text-brand uppercase">Support us</p>
        <h1 className="mt-1 font-serif text-3xl font-black sm:text-4xl">{campaign.title}</h1>
        {campaign.description ? <p className="mt-3 font-serif text-lg whitespace-pre-line text-stone-700">{campaign.description}</p> : null}
        <p className="mt-2 text-sm text-stone-600">
          Since {formatDate(campaign.startsAt)}
          {campaign.endsAt ? <> · until {formatDate(campaign.endsAt)}</> : null}
        </p>
      </header>
      <section aria-label="Progress">
        <ProgressBar campaign={campaign} />
      </section>
      {page === 1 ? (
        <section id="pledge-form" aria-labelledby="pledge-heading" className="scroll-mt-4">
          <h2 id="pledge-heading" className="font-serif text-2xl font-bold">
            Make a pledge
          </h2>
          <div className="mt-3">
            {campaign.closedReason ? (
              <p role="status" className="rounded border border-stone-400 bg-stone-100 px-3 py-2">
                {campaign.closedReason}
              </p>
            ) : (
              <PledgeForm
                prefix="pledge-page"
                campaign={{
                  id: campaign.id,
                  title: campaign.title,
                  currency: campaign.currency,
                  presetAmountsCents: campaign.presetAmountsCents,
                }}
                viewerEmail={viewerEmail}
                initial={initial}
                payOnline={payOnline}
              />
            )}
          </div>
        </section>
      ) : null}
      <DonorWall campaignId={campaign.id} page={page} base={`/support/${campaign.slug}`} />
      {others.length > 0 ? (
        <section aria-labelledby="other-campaigns-heading">
          <h2 id="other-campaigns-heading" className="font-serif text-2xl font-bold">
            Other campaigns
          </h2>
          <ul className="mt-3 space-y-6">
            {others.map((c) => (
              <li key={c.id}>
                <h3 className="font-semibold">
                  <Link href={`/support/${c.slug}`} className="underline">
                    {c.title}
                  </Link>
                </h3>
                {c.closedReason ? <p className="text-sm text-stone-600">{c.closedReason}</p> : null}
                <div className="mt-2">
                  <ProgressBar campaign={c} compact />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="text-sm">
        <Link href="/pledges" className="underline">
          Your pledges
        </Link>{' '}
        (for signed-in readers)
      </p>
    </div>
  );
}
