import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NotAllowed, mayView } from '@/components/pledges/admin-guard';
import { CampaignForm } from '@/components/pledges/admin-forms';

export const metadata: Metadata = { title: 'New campaign', robots: { index: false, follow: false } };

async function NewCampaign() {
  if (!(await mayView('/admin/campaigns/new', 'campaigns:manage'))) return <NotAllowed />;
  return (
    <>
      <h1 className="mb-6 border-b border-stone-300 pb-3 font-serif text-2xl font-black sm:text-3xl">New campaign</h1>
      <CampaignForm
        initial={{
          id: '', slug: '', title: '', description: '', goal: '', currency: 'USD', presets: '5, 10, 25, 50, 100', startsAt: '', endsAt: '',
          paymentInstructions: '', active: true, featured: false, stopAtGoal: false,
        }}
      />
    </>
  );
}

export default function NewCampaignPage() {
  return (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <NewCampaign />
    </Suspense>
  );
}
