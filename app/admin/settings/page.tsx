import { Suspense } from 'react';
import { AdminHeading, Forbidden, Loading } from '@/components/admin/ui';
import { SettingsForm } from '@/components/admin/moderation/settings-form';
import { staffForPage } from '@/lib/dal/page-guard';
import { getAdminSettings } from '@/lib/dal/admin/settings';

export const metadata = { title: 'Settings' };

async function Settings() {
  if (!(await staffForPage('/admin/settings', 'settings:manage'))) return <Forbidden />;
  const current = await getAdminSettings();
  return (
    <>
      <AdminHeading title="Settings" />
      <p className="mb-6 max-w-3xl text-stone-700">
        Comment rules apply from the next comment posted. Every change is recorded in the audit log.
      </p>
      <SettingsForm current={current} />
    </>
  );
}

export default function SettingsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <Settings />
    </Suspense>
  );
}
