import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { recordProviderVerification } from '@/lib/dal/oauth-verification';
import { githubProfile, providerVerifiedEmail } from './oauth-email';

afterAll(() => closeDatabase());

const run = Math.random().toString(36).slice(2, 8);
async function oauthUser(email: string) {
  // What Auth.js leaves behind for a new OAuth account: emailVerified null.
  const [u] = await (
    await getDb()
  )
    .insert(users)
    .values({ email, handle: `o${run}${email.length}${Math.random().toString(36).slice(2, 5)}`, emailVerified: null })
    .returning();
  return u;
}
const verifiedAt = async (id: string) =>
  (await (await getDb()).select({ v: users.emailVerified }).from(users).where(eq(users.id, id)))[0].v;

describe('OAuth accounts whose provider verified the address', () => {
  it('Google: email_verified true counts, false or missing does not', () => {
    expect(providerVerifiedEmail('google', { email: 'Ann@Example.org', email_verified: true })).toBe('ann@example.org');
    expect(providerVerifiedEmail('google', { email: 'ann@example.org', email_verified: false })).toBeNull();
    expect(providerVerifiedEmail('google', { email: 'ann@example.org' })).toBeNull();
    expect(providerVerifiedEmail('credentials', { email: 'ann@example.org', email_verified: true })).toBeNull();
  });

  it('GitHub: only an address GitHub lists as verified counts', () => {
    const emails = [
      { email: 'new@example.org', primary: true, verified: false },
      { email: 'old@example.org', primary: false, verified: true },
    ];
    expect(githubProfile({ id: 1, email: null }, emails)).toMatchObject({ email: 'new@example.org', email_verified: false });
    expect(githubProfile({ id: 1, email: 'old@example.org' }, emails)).toMatchObject({ email: 'old@example.org', email_verified: true });
    expect(githubProfile({ id: 1, email: 'x@example.org' }, 'not a list')).toMatchObject({ email: 'x@example.org', email_verified: false });
  });

  it('marks the account verified at sign-in only for its own address', async () => {
    const ann = await oauthUser(`ann-${run}@example.org`);
    expect(await recordProviderVerification(ann.id, 'google', { email: `ANN-${run}@example.org`, email_verified: true })).toBe(true);
    expect(await verifiedAt(ann.id)).toBeInstanceOf(Date);

    const bob = await oauthUser(`bob-${run}@example.org`);
    expect(await recordProviderVerification(bob.id, 'google', { email: `bob-${run}@example.org`, email_verified: false })).toBe(false);
    expect(await recordProviderVerification(bob.id, 'github', { email: `someone-else-${run}@example.org`, email_verified: true })).toBe(
      false,
    );
    expect(await verifiedAt(bob.id)).toBeNull();
  });
});
