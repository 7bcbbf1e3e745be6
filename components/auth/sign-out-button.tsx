import { signOutAction } from '@/lib/actions/auth';

/** A plain form: signs out with or without JavaScript. */
export function SignOutButton({ className, label = 'Sign out' }: { className?: string; label?: string }) {
  return (
    <form action={signOutAction}>
      <button type="submit" className={className ?? 'rounded px-3 py-1.5 text-sm font-medium hover:bg-stone-100'}>
        {label}
      </button>
    </form>
  );
}
