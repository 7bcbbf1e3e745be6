import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { providerVerifiedEmail } from '@/lib/auth/oauth-email';

/**
 * After an OAuth sign-in: when the provider verified the very address this account uses, the account's
 * address counts as verified (it may vote and its comments are not held for being unverified). An address
 * the provider did not verify, or a different one, changes nothing.
 */
export async function recordProviderVerification(
  userId: string,
  provider: string | undefined,
  profile: Record<string, unknown> | null | undefined,
): Promise<boolean> {
  const email = providerVerifiedEmail(provider, profile);
  if (!email) return false;
  const db = await getDb();
  const rows = await db
    .update(users)
    .set({ emailVerified: sql`coalesce(${users.emailVerified}, now())`, updatedAt: new Date() })
    .where(and(eq(users.id, userId), sql`lower(${users.email}) = ${email}`, sql`${users.deletedAt} is null`))
    .returning({ id: users.id });
  return rows.length > 0;
}
