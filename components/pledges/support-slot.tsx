import Link from '@/components/ui/link';
import { getFeaturedCampaign } from '@/lib/dal/campaigns';
import { PrefillEmail } from './prefill-email';
import { ProgressBar } from './progress-bar';
import { SlotPledgeForm } from './slot-pledge-form';

/**
 * "Support us" around articles: above, the featured campaign's bar and a way down to the form; below,
 * the bar and the pledge form itself (rendered in the cached page, so it works without JavaScript).
 */
export async function SupportSlot({ position }: { position: 'above' | 'below' }) {
  const campaign = await getFeaturedCampaign();
  if (!campaign) return null;
  const headingId = `support-${position}-heading`;

  if (position === 'above') {
    return (
      <aside aria-labelledby={headingId} className="my-6 rounded border border-stone-300 bg-stone-50 p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id={headingId} className="font-serif text-lg font-bold">
            Support us: {campaign.title}
          </h2>
          {campaign.closedReason ? null : (
            <a href="#support-us" className="rounded bg-brand px-4 py-1.5 font-bold text-white hover:opacity-90">
              Support
            </a>
          )}
        </div>
        <div className="mt-3">
          <ProgressBar campaign={campaign} compact />
        </div>
      </aside>
    );
  }

  return (
    <section
      id="support-us"
      aria-labelledby={headingId}
      className="my-10 scroll-mt-4 rounded border-2 border-stone-800 bg-white p-4 sm:p-6"
    >
      <h2 id={headingId} className="font-serif text-2xl font-black">
        Support us
      </h2>
      <p className="mt-1 text-stone-700">
        <Link href={`/support/${campaign.slug}`} className="font-semibold underline">
          {campaign.title}
        </Link>
        {campaign.description ? <>: {campaign.description}</> : null}
      </p>
      <div className="mt-4">
        <ProgressBar campaign={campaign} />
      </div>
      <div className="mt-6">
        {campaign.closedReason ? (
          <p role="status" className="rounded border border-stone-400 bg-stone-100 px-3 py-2">
            {campaign.closedReason}
          </p>
        ) : (
          <>
            <SlotPledgeForm
              prefix={`pledge-${position}`}
              campaign={{
                id: campaign.id,
                title: campaign.title,
                currency: campaign.currency,
                presetAmountsCents: campaign.presetAmountsCents,
              }}
            />
            <PrefillEmail inputId={`pledge-${position}-email`} />
          </>
        )}
      </div>
      <p className="mt-4 text-sm">
        <Link href={`/support/${campaign.slug}#supporters`} className="underline">
          See who supports us
        </Link>
      </p>
    </section>
  );
}
