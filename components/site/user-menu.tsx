import Link from 'next/link';
import { getViewer } from '@/lib/dal/session';
import { isStaff } from '@/lib/auth/roles';
import { SignOutButton } from '@/components/auth/sign-out-button';

/** Account area of the header (per-user: rendered inside <Suspense>). */
export async function UserMenu() {
  const viewer = await getViewer();
  if (!viewer) {
    return (
      <Link href="/signin" className="rounded px-3 py-1.5 text-sm font-medium hover:bg-stone-100">
        Sign in
      </Link>
    );
  }
  return (
    <nav aria-label="Your account" className="flex items-center gap-1 text-sm">
      <Link href="/account" className="rounded px-3 py-1.5 font-medium hover:bg-stone-100">
        {viewer.name || viewer.handle}
      </Link>
      {isStaff(viewer.role) && (
        <Link href="/admin" className="rounded px-3 py-1.5 hover:bg-stone-100">Admin</Link>
      )}
      <SignOutButton />
    </nav>
  );
}
