import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { CampaignView } from '@/components/pledges/campaign-view';
import { ProgressBar } from '@/components/pledges/progress-bar';
import { campaignExists, getCampaignBySlug, getFeaturedCampaign, listPublicCampaigns, type CampaignSummary } from '@/lib/dal/campaigns';
import { readFlash } from '@/lib/actions/form-flash';
import { listDonorWall } from '@/lib/dal/pledges';
import { getViewer } from '@/lib/dal/session';
import { parsePage } from '@/lib/format';
import { pageMetadata } from '@/lib/metadata';
import { paymentsEnabled } from '@/lib/payments/config';

/**
 * /support (the featured campaign), /support/<slug> (any campaign, closed ones with their final bar) and
 * /support/<slug>/page/<n> (older supporters). A catch-all with a sentinel static param, so every path
 * renders from the live database on first request, then stays cached by tag.
 */
type Props = { params: Promise<{ path?: string[] }> };

// Rendered per request before the first byte (no Suspense), so the pledge form gets the signed-in email
// and, after a refused post without JavaScript, its result, as plain HTML. The data reads stay cached.
export const instant = false;

export async function generateStaticParams() {
  return [{ path: ['__none__'] }];
}

async function resolve(path: string[] = []): Promise<{ campaign: CampaignSummary | null; page: number } | null> {
  if (path.length === 0) return { campaign: await getFeaturedCampaign(), page: 1 };
  if (path.length !== 1 && !(path.length === 3 && path[1] === 'page')) return null;
  const page = parsePage(path[2]);
  if (!page || !/^[a-z0-9-]{1,80}$/.test(path[0])) return null;
  const campaign = await getCampaignBySlug(path[0]);
  if (!campaign) return null;
  return { campaign, page };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await connection();
  const { path } = await params;
  const r = await resolve(path);
  if (!r?.campaign) return pageMetadata({ title: 'Support us' });
  return pageMetadata({
    title: r.page > 1 ? `${r.campaign.title}: supporters, page ${r.page}` : `Support us: ${r.campaign.title}`,
    description: r.campaign.description.slice(0, 200),
    alternates: { canonical: path?.length ? `/support/${path.join('/')}` : '/support' },
  });
}

export default async function SupportPage({ params }: Props) {
  const { path } = await params;
  // A real 404 for an unknown campaign, decided before anything streams.
  if (path?.length && !(/^[a-z0-9-]{1,80}$/.test(path[0]) && (await campaignExists(path[0])))) notFound();
  // Then request time: the campaign and its totals must not be captured in a prerender, whose saved
  // cache results a pledge or a cancellation would not refresh (the reads below stay tag-cached).
  await connection();
  const r = await resolve(path);
  if (!r) notFound();
  const all = await listPublicCampaigns();
  if (!r.campaign) {
    return (
      <div className="mx-auto max-w-3xl">
        <h1 className="font-serif text-4xl font-black">Support us</h1>
        <p className="mt-3 text-stone-700">There is no campaign running right now. Thank you for your interest!</p>
        <ul className="mt-6 space-y-6">
          {all.map((c) => (
            <li key={c.id}>
              <h2 className="font-semibold">
                <Link href={`/support/${c.slug}`} className="underline">
                  {c.title}
                </Link>
              </h2>
              <div className="mt-2">
                <ProgressBar campaign={c} compact />
              </div>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const campaign = r.campaign;
  if (r.page > 1) {
    // A page past the end of the donor wall is a real 404.
    const wall = await listDonorWall(campaign.id, r.page);
    if (r.page > wall.pages) notFound();
  }
  const others = r.page === 1 ? all.filter((c) => c.id !== campaign.id) : [];
  const [viewer, initial] = await Promise.all([getViewer(), readFlash('pledge')]);
  return (
    <CampaignView
      campaign={campaign}
      page={r.page}
      others={others}
      viewerEmail={viewer?.email ?? null}
      initial={initial}
      payOnline={paymentsEnabled()}
    />
  );
}
