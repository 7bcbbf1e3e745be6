/**
 * `npm run payments:reconcile`: Stripe's recent objects (listed through the SDK from the local Stripe)
 * against the payments table. In step, nothing to report; a payment whose webhook never came and a refund
 * whose event was lost are reported, with the pledge and amounts.
 */
import { describe, expect, it, vi } from 'vitest';
import { getPaymentProvider } from '@/lib/payments';
import { setUpPledgeFixtures } from '@/lib/dal/pledges/test-fixtures';
import { reconcilePayments } from './reconcile';
import { setUpPayments } from './test-harness';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();
const h = setUpPayments();
const since = () => new Date(Date.now() - 86_400_000);

describe('reconcile', () => {
  it('in step: nothing to report; then a lost payment and a lost refund are reported', async () => {
    const provider = (await getPaymentProvider())!;
    const once = await h.payOnline({ customAmount: '25' });
    await h.post(...h.fake.complete(once.sessionId));
    const monthly = await h.payOnline({ customAmount: '10', frequency: 'monthly' });
    await h.post(...h.fake.complete(monthly.sessionId));
    expect(await reconcilePayments(provider, since())).toEqual({ checked: 2, differences: [] });

    // Paid at Stripe, its webhook never delivered; refunded at Stripe, the event lost.
    const lost = await h.payOnline({ customAmount: '40' });
    h.fake.complete(lost.sessionId);
    h.fake.refund(h.fake.sessions.get(once.sessionId)!.payment_intent!);
    const { checked, differences } = await reconcilePayments(provider, since());
    expect(checked).toBe(3);
    expect(differences).toHaveLength(2);
    expect(differences.map((d) => d.problem)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^checkout session ${lost.sessionId}: \\$40\\.00 paid \\(pledge ${lost.pledgeId}\\), not recorded here$`),
        ),
        expect.stringMatching(/^checkout session cs_test_\w+: refunded \$25\.00 at stripe, \$0\.00 here$/),
      ]),
    );
  });
});
