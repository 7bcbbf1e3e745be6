import Link from 'next/link';
import { getFeaturedCampaign } from '@/lib/dal/campaigns';
import { ProgressBar } from './progress-bar';

/** Compact progress bar of the featured campaign for the site footer. */
export async function CompactProgress() {
  const campaign = await getFeaturedCampaign();
  if (!campaign) return null;
  return (
    <section aria-labelledby="footer-campaign-heading" className="min-w-0">
      <h2 id="footer-campaign-heading" className="font-semibold">
        <Link href="/support" className="underline">{campaign.title}</Link>
      </h2>
      <div className="mt-2">
        <ProgressBar campaign={campaign} compact />
      </div>
      {campaign.closedReason ? null : (
        <p className="mt-2"><Link href="/support" className="font-bold text-brand underline">Pledge now</Link></p>
      )}
    </section>
  );
}
