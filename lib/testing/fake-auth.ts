/**
 * Test stand-in for `@/lib/auth` (next-auth), for vitest only:
 *   vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
 *   actAs(userId);   // or actAs(null) for an anonymous visitor
 * auth() returns the token a signed-in browser would carry for that real user (id + current session
 * version), so the data access layer's session-version, role and ban checks all run for real.
 */
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';

const state: { userId: string | null } = ((globalThis as { __fakeAuth?: { userId: string | null } }).__fakeAuth ??= { userId: null });

export function actAs(userId: string | null): void {
  state.userId = userId;
}

export async function auth(): Promise<{ uid: string; sv: number } | null> {
  const userId = state.userId;
  if (!userId) return null;
  const [row] = await (await getDb()).select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row ? { uid: userId, sv: row.sv } : null;
}

export const handlers = { GET: auth, POST: auth };
export async function signIn(): Promise<void> {}
export async function signOut(): Promise<void> {}
