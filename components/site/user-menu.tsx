import Link from 'next/link';
import { getViewer } from '@/lib/dal/session';
import { isStaff } from '@/lib/auth/roles';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { Avatar } from '@/components/account/avatar';

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
      <Link href="/account" className="flex items-center gap-2 rounded px-2 py-1 font-medium hover:bg-stone-100">
        <Avatar name={viewer.name} handle={viewer.handle} image={viewer.image} size={24} />
        <span className="max-w-[10rem] truncate">{viewer.name || viewer.handle}</span>
      </Link>
      {isStaff(viewer.role) && (
        <Link href="/admin" className="rounded px-3 py-1.5 hover:bg-stone-100">Admin</Link>
      )}
      <SignOutButton />
    </nav>
  );
}
