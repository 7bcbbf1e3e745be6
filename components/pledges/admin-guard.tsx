import { redirect } from 'next/navigation';
import { can, type Permission } from '@/lib/auth/roles';
import { getViewer } from '@/lib/dal/session';

/**
 * For the pledge and campaign staff pages: true when the viewer may see them; anonymous visitors go to
 * sign-in. Only decides what to render: every read and write checks again in the DAL.
 */
export async function mayView(path: string, permission: Permission): Promise<boolean> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?next=${encodeURIComponent(path)}`);
  if (viewer.bannedUntil && viewer.bannedUntil.getTime() > Date.now()) return false;
  return can(viewer.role, permission);
}

export function NotAllowed() {
  return (
    <div className="py-12 text-center">
      <h1 className="font-serif text-3xl font-black">Not for your account</h1>
      <p className="mt-4 text-stone-600">This page is for staff who manage pledges and campaigns.</p>
    </div>
  );
}
