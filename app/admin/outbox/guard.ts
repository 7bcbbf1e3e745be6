import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';

/** Runs a staff read: signed-out visitors go to sign in, anyone else without the permission gets a 404. */
export async function staffRead<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnauthenticatedError) redirect(`/signin?next=${encodeURIComponent(path)}`);
    if (err instanceof ForbiddenError) notFound();
    throw err;
  }
}
