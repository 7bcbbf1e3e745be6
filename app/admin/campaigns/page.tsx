import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { Forbidden, PLEDGE_STAFF_ONLY } from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';
import { ProgressBar } from '@/components/pledges/progress-bar';
import { listCampaignsForStaff } from '@/lib/dal/campaigns';

export const metadata: Metadata = { title: 'Campaigns', robots: { index: false, follow: false } };
// Rendered before the first byte (like the rest of the newsroom): the forms are in the HTML without JavaScript.
export const instant = false;

async function CampaignsAdmin() {
  if (!(await staffForPage('/admin/campaigns', 'campaigns:manage'))) return <Forbidden message={PLEDGE_STAFF_ONLY} />;
  const campaigns = await listCampaignsForStaff();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3 border-b border-stone-300 pb-3">
        <h1 className="font-serif text-2xl font-black sm:text-3xl">Campaigns</h1>
        <div className="flex flex-wrap gap-2">
          <Link href="/admin/campaigns/new" className="rounded bg-stone-900 px-4 py-2 font-semibold text-white">
            New campaign
          </Link>
          <Link href="/admin/pledges" className="rounded border border-stone-800 px-3 py-2 font-semibold">
            Pledges
          </Link>
        </div>
      </div>
      {campaigns.length === 0 ? <p>No campaigns yet.</p> : null}
      <ul className="space-y-8">
        {campaigns.map((c) => (
          <li key={c.id}>
            <h2 className="text-lg font-bold">
              <Link href={`/admin/campaigns/${c.id}`} className="underline">
                {c.title}
              </Link>
              {c.featured ? (
                <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">featured</span>
              ) : null}
            </h2>
            <p className="text-sm text-stone-600">
              /support/{c.slug} · {c.closedReason ?? 'open'} ·{' '}
              <Link href={`/admin/pledges?campaignId=${c.id}`} className="underline">
                pledges
              </Link>
            </p>
            <div className="mt-2">
              <ProgressBar campaign={c} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function AdminCampaignsPage() {
  return <CampaignsAdmin />;
}
