'use client';
import Link from '@/components/ui/link';
import { signOutAction } from '@/lib/actions/auth';
import { Avatar } from '@/components/account/avatar';
import { forgetViewer, useViewer } from './viewer';

const linkClass = 'rounded px-3 py-1.5 text-sm font-medium hover:bg-stone-100';

/**
 * Account area of the header. The header is part of cached pages that are the same for every reader, so
 * the HTML carries plain "Sign in" / "Your account" links (they work without JavaScript: /account sends an
 * anonymous reader to sign in) and the reader's name, avatar and links arrive from /api/viewer after load.
 */
export function UserMenu() {
  const viewer = useViewer();
  // Not known yet, or nobody: the same two links as the cached HTML, so nothing moves when /api/viewer
  // answers for an anonymous reader (a different width would re-wrap the header on phones and shift the page).
  if (!viewer) {
    return (
      <nav aria-label="Your account" className="flex items-center gap-1 text-sm">
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
        <Link href="/account" prefetch={false} className={linkClass}>
          Your account
        </Link>
      </nav>
    );
  }
  return (
    <nav aria-label="Your account" className="flex items-center gap-1 text-sm">
      <Link href="/account" prefetch={false} className="flex items-center gap-2 rounded px-2 py-1 font-medium hover:bg-stone-100">
        <Avatar name={viewer.name} handle={viewer.handle} image={viewer.image} size={24} />
        <span className="max-w-[10rem] truncate">{viewer.name || viewer.handle}</span>
      </Link>
      {viewer.staff && (
        <Link href="/admin" prefetch={false} className={linkClass}>
          Admin
        </Link>
      )}
      {/* A plain form, so it signs out without JavaScript too; the menu forgets the reader at once. */}
      <form action={signOutAction} onSubmit={forgetViewer}>
        <button type="submit" className={linkClass}>
          Sign out
        </button>
      </form>
    </nav>
  );
}
