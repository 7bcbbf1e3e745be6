import 'server-only';
import { assertNotBanned, requirePermission, type Viewer } from '@/lib/dal/session';
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
