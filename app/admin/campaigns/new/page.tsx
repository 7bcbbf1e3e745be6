import type { Metadata } from 'next';
import { Forbidden, PLEDGE_STAFF_ONLY } from '@/components/admin/ui';
import { staffForPage } from '@/lib/dal/page-guard';
import { CampaignForm } from '@/components/pledges/admin-forms';

export const metadata: Metadata = { title: 'New campaign', robots: { index: false, follow: false } };
// Rendered before the first byte (like the rest of the newsroom): the forms are in the HTML without JavaScript.
export const instant = false;

async function NewCampaign() {
  if (!(await staffForPage('/admin/campaigns/new', 'campaigns:manage'))) return <Forbidden message={PLEDGE_STAFF_ONLY} />;
  return (
    <>
      <h1 className="mb-6 border-b border-stone-300 pb-3 font-serif text-2xl font-black sm:text-3xl">New campaign</h1>
      <CampaignForm
        initial={{
          id: '',
          slug: '',
          title: '',
          description: '',
          goal: '',
          currency: 'USD',
          presets: '5, 10, 25, 50, 100',
          startsAt: '',
          endsAt: '',
          paymentInstructions: '',
          active: true,
          featured: false,
          stopAtGoal: false,
          reviewAbove: '1000',
          publishMessagesAtOnce: false,
        }}
      />
    </>
  );
}

export default function NewCampaignPage() {
  return <NewCampaign />;
}
