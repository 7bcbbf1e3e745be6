import type { Metadata } from 'next';
import Link from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { Forbidden, PLEDGE_STAFF_ONLY } from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';
import { CampaignForm } from '@/components/pledges/admin-forms';
import { ProgressBar } from '@/components/pledges/progress-bar';
import { getCampaignForStaff } from '@/lib/dal/campaigns';
import { NotFoundError } from '@/lib/errors';
import { centsToInput } from '@/lib/money';

export const metadata: Metadata = { title: 'Edit campaign', robots: { index: false, follow: false } };
// Rendered before the first byte (like the rest of the newsroom): the forms are in the HTML without JavaScript.
export const instant = false;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function EditCampaign({ params, searchParams }: Props) {
  const { id } = await params;
  if (!(await staffForPage(`/admin/campaigns/${encodeURIComponent(id)}`, 'campaigns:manage')))
    return <Forbidden message={PLEDGE_STAFF_ONLY} />;
  const c = await getCampaignForStaff(id).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const sp = await searchParams;
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-3 border-b border-stone-300 pb-3">
        <h1 className="font-serif text-2xl font-black sm:text-3xl">{c.title}</h1>
        <div className="flex flex-wrap gap-2 text-sm">
          <Link href={`/support/${c.slug}`} className="underline">
            Public page
          </Link>
          <Link href={`/admin/pledges?campaignId=${c.id}`} className="underline">
            Pledges
          </Link>
        </div>
      </div>
      {sp.created ? (
        <p role="status" className="mb-4 rounded border border-green-700 bg-green-50 px-3 py-2">
          Campaign created.
        </p>
      ) : null}
      <div className="mb-8 max-w-2xl">
        <ProgressBar campaign={c} />
      </div>
      <CampaignForm
        initial={{
          id: c.id,
          slug: c.slug,
          title: c.title,
          description: c.description,
          goal: centsToInput(c.goalCents),
          currency: c.currency,
          presets: c.presetAmountsCents.map(centsToInput).join(', '),
          startsAt: day(c.startsAt),
          endsAt: day(c.endsAt),
          paymentInstructions: c.paymentInstructions,
          active: c.active,
          featured: c.featured,
          stopAtGoal: c.stopAtGoal,
          reviewAbove: centsToInput(c.reviewAboveCents),
          publishMessagesAtOnce: c.publishMessagesAtOnce,
        }}
      />
    </>
  );
}

export default function EditCampaignPage(props: Props) {
  return <EditCampaign {...props} />;
}
