import 'server-only';
/**
 * The page guards, one per kind of page. They only decide what a page renders (sign-in redirect, "Not for your
 * account"): every read and write the page makes checks again in the data access layer.
 *   staffForPage    newsroom pages: the viewer with the permission (and no ban in force), a redirect to
 *                   sign in for an anonymous visitor, or null (the page renders <Forbidden />).
 *   accountForPage  the reader's own account pages: their account, or a redirect to sign in.
 */
import { redirect } from 'next/navigation';
import { isBannedNow } from '@/lib/auth/ban';
import { can, type Permission } from '@/lib/auth/roles';
import { getAccount } from '@/lib/dal/users-account';
import { getViewer, type Viewer } from '@/lib/dal/session';
import { UnauthenticatedError, UserError } from '@/lib/errors';

const signIn = (path: string) => `/signin?next=${encodeURIComponent(path)}`;

export async function staffForPage(path: string, permission: Permission): Promise<Viewer | null> {
  const viewer = await getViewer();
  if (!viewer) redirect(signIn(path));
  if (!can(viewer.role, permission) || isBannedNow(viewer)) return null;
  return viewer;
}

export async function accountForPage(path: string) {
  try {
    return await getAccount();
  } catch (err) {
    if (err instanceof UnauthenticatedError || (err instanceof UserError && err.status === 404)) redirect(signIn(path));
    throw err;
  }
}
