import type { Metadata } from 'next';
import { AdminNav } from '@/components/admin/admin-nav';
import { SignInRedirect } from '@/components/admin/sign-in-redirect';
import { Forbidden } from '@/components/admin/ui';
import { isStaff } from '@/lib/auth/roles';
import { getViewer } from '@/lib/dal/session';

export const metadata: Metadata = { title: { default: 'Newsroom', template: '%s | Newsroom' }, robots: { index: false, follow: false } };
// The newsroom reads the session before the first byte (no static shell): pages can answer a real
// redirect, and their forms are in the HTML so that they work without JavaScript.
export const instant = false;

/**
 * The newsroom shell. It only decides what to show (the menu, or a 403 for non-staff): the pages and
 * actions authorize every read and write themselves through the DAL (lib/dal/admin/guard.ts). An
 * anonymous visitor is sent to /signin?next=<this page> (works without JavaScript too).
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) return <SignInRedirect />;
  if (!isStaff(viewer.role)) return <Forbidden />;
  return (
    <div className="gap-6 md:grid md:grid-cols-[11rem_minmax(0,1fr)]">
      <AdminNav role={viewer.role} name={viewer.name ?? viewer.handle} />
      <div className="mt-4 min-w-0 md:mt-0">{children}</div>
    </div>
  );
}
