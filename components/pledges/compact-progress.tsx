import Link from '@/components/ui/link';
import { connection } from 'next/server';
import { getFeaturedCampaign } from '@/lib/dal/campaigns';
import { ProgressBar } from './progress-bar';

/**
 * Compact progress bar of the featured campaign for the site footer. It is part of every cached page: the
 * campaign read is tagged (`campaigns`), so a pledge that counts or a cancellation invalidates the pages
 * that show it, and its 'minutes' lifetime keeps "days left" current. Only `next build` (whose database
 * is empty) leaves it as a hole to fill at request time, so no page bakes in "no campaign".
 */
export async function CompactProgress() {
  if (process.env.NEXT_PHASE === 'phase-production-build') await connection();
  const campaign = await getFeaturedCampaign();
  if (!campaign) return null;
  return (
    <section aria-labelledby="footer-campaign-heading" className="min-w-0">
      <h2 id="footer-campaign-heading" className="font-semibold">
        <Link href="/support" className="underline">
          {campaign.title}
        </Link>
      </h2>
      <div className="mt-2">
        <ProgressBar campaign={campaign} compact />
      </div>
      {campaign.closedReason ? null : (
        <p className="mt-2">
          <Link href="/support" className="font-bold text-brand underline">
            Pledge now
          </Link>
        </p>
      )}
    </section>
  );
}
