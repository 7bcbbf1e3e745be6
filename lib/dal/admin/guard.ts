import 'server-only';
import { redirect } from 'next/navigation';
import { assertNotBanned, getViewer, requirePermission, type Viewer } from '@/lib/dal/session';
import { can, type Permission } from '@/lib/auth/roles';

/**
 * The one authorization gate of the newsroom's data access layer: a signed-in user whose role has the
 * permission and who is not banned. Every admin read and write starts here, whatever page or action calls it.
 */
export async function requireStaff(permission: Permission): Promise<Viewer> {
  const viewer = await requirePermission(permission);
  assertNotBanned(viewer);
  return viewer;
}

export function has(viewer: Pick<Viewer, 'role'>, permission: Permission): boolean {
  return can(viewer.role, permission);
}

/**
 * For admin pages: the viewer with `permission`, or a redirect to sign-in (anonymous, with `next` back
 * to `path`), or null when signed in without the right (the page then renders <Forbidden />).
 * Pages still load their data through DAL functions that check again.
 */
export async function staffForPage(path: string, permission: Permission): Promise<Viewer | null> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?next=${encodeURIComponent(path)}`);
  if (!can(viewer.role, permission)) return null;
  if (viewer.bannedUntil && viewer.bannedUntil.getTime() > Date.now()) return null;
  return viewer;
}
