/**
 * The emailed verify / change-email link (issue #24, item 9): its page only asks (a GET changes nothing,
 * see e2e/auth.spec.ts), and the token is used by this action, the page's button, exactly once.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { issueToken } from '@/lib/auth/tokens';
import { formData, redirectOf } from '@/lib/testing/forms';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

const { confirmEmailAction } = await import('./auth');

afterAll(() => closeDatabase());

describe('confirming an email address', () => {
  it('the button verifies the address once; the same link again, or a made-up one, says why not', async () => {
    const k = crypto.randomUUID().slice(0, 8);
    const db = await getDb();
    const [u] = await db
      .insert(users)
      .values({ email: `v${k}@example.com`, handle: `v${k}` })
      .returning();
    const token = await issueToken(u.id, 'verify_email');
    expect(await redirectOf(confirmEmailAction(formData({ token })))).toBe('/verify-email?done=verified');
    const [row] = await db.select().from(users).where(eq(users.id, u.id));
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(await redirectOf(confirmEmailAction(formData({ token })))).toBe('/verify-email?error=used');
    expect(await redirectOf(confirmEmailAction(formData({ token: 'never-issued-by-us-at-all' })))).toBe('/verify-email?error=invalid');
    expect(await redirectOf(confirmEmailAction(formData({ token: 'x'.repeat(400) })))).toBe('/verify-email?error=invalid');
  });
});
