import Link from 'next/link';
import { connection } from 'next/server';
import { getFeaturedCampaign } from '@/lib/dal/campaigns';
import { ProgressBar } from './progress-bar';

/**
 * Compact progress bar of the featured campaign for the site footer. It is on every page, so it renders at
 * request time (inside <Suspense> in the footer) from the tagged cache: a copy baked into each page's
 * prerender would lag behind pledges and cancellations.
 */
export async function CompactProgress() {
  await connection();
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
