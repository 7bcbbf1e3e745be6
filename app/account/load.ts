import 'server-only';
import { redirect } from 'next/navigation';
import { UnauthenticatedError, UserError } from '@/lib/errors';
import { getAccount } from '@/lib/dal/users-account';

/** The signed-in user's account, or a redirect to sign in that comes back to `path`. */
export async function loadAccount(path: string) {
  try {
    return await getAccount();
  } catch (err) {
    if (err instanceof UnauthenticatedError || (err instanceof UserError && err.status === 404))
      redirect(`/signin?next=${encodeURIComponent(path)}`);
    throw err;
  }
}

export function banText(bannedUntil: Date | null, reason: string | null): string | null {
  if (!bannedUntil || bannedUntil.getTime() <= Date.now()) return null;
  const until = bannedUntil.getFullYear() >= 9999 ? 'permanently' : `until ${bannedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `Your account is banned ${until}${reason ? `: ${reason}` : ''}. You can still read, but you cannot comment, vote or pledge.`;
}
