/** The public pledge form: validation messages, and the action as a browser calls it (redirects, rate limit). */
import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { pledges } from '@/db/schema';
import { fakeRequest } from '@/lib/testing/fake-headers';
import { MESSAGE_MAX, pledgeFormSchema } from '@/lib/validation/pledge';
import { fieldErrorsOf } from '@/lib/validation/zod';

/** The pledge form as typed, through the schema the action uses, with every field's problems. */
function parsePledgeForm(input: Record<string, unknown>) {
  const parsed = pledgeFormSchema.safeParse(input);
  return parsed.success ? ({ ok: true, data: parsed.data } as const) : ({ ok: false, fieldErrors: fieldErrorsOf(parsed.error) } as const);
}
import { ctx, guestFields, makeCampaign, rowCount, setUpPledgeFixtures, submit } from './test-fixtures';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();

describe('pledge form validation', () => {
  const base = {
    campaignId: 'c1',
    currency: 'USD',
    amount: '25',
    frequency: 'one_time',
    email: 'a@b.co',
    idempotencyKey: crypto.randomUUID(),
  };
  it.each([
    [{ customAmount: '0' }, 'amount', /more than zero/],
    [{ customAmount: '-5' }, 'amount', /negative/],
    [{ customAmount: '1e12' }, 'amount', /largest pledge/],
    [{ customAmount: 'abc' }, 'amount', /as a number/],
    [{ customAmount: '1.234' }, 'amount', /two decimal places/],
    [{ amount: '' }, 'amount', /Choose an amount/],
    [{ currency: 'XYZ' }, 'currency', /Unknown currency/],
    [{ message: `<script>alert(1)</script>${'x'.repeat(5000)}` }, 'message', /at most 500 characters/],
    [{ email: 'not-an-email' }, 'email', /valid email/],
    [{ frequency: 'weekly' }, 'frequency', /one-time or monthly/],
  ])('%o -> %s error', (over, field, message) => {
    const r = parsePledgeForm({ ...base, ...over });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors[field]?.[0]).toMatch(message);
  });

  it('reports every bad field at once', () => {
    const r = parsePledgeForm({ ...base, customAmount: 'abc', message: 'x'.repeat(501), email: 'nope' });
    expect(!r.ok && Object.keys(r.fieldErrors).sort()).toEqual(['amount', 'email', 'message']);
  });

  it('keeps HTML as plain text and prefers the custom amount', () => {
    const r = parsePledgeForm({ ...base, customAmount: '12.5', message: ' <b>hi</b> ', anonymous: 'on' });
    expect(r).toMatchObject({ ok: true, data: { amountCents: 1250, message: '<b>hi</b>', anonymous: true, hideAmount: false } });
  });
});

describe('the pledge form action: bad input is refused with a clear message and nothing is stored', () => {
  const good = () => ({
    campaignId: ctx.campaignId,
    currency: 'USD',
    amount: '25',
    customAmount: '',
    frequency: 'one_time',
    displayName: 'Ada',
    message: 'Hi',
    email: 'ada@example.com',
    idempotencyKey: crypto.randomUUID(),
  });

  it.each([
    ['amount 0', { customAmount: '0' }, 'amount', /more than zero/],
    ['a negative amount', { customAmount: '-5' }, 'amount', /negative/],
    ['1e12', { customAmount: '1e12' }, 'amount', /largest pledge is \$100,000/],
    ['"abc"', { customAmount: 'abc' }, 'amount', /as a number/],
    ['more than 2 decimals', { customAmount: '10.005' }, 'amount', /two decimal places/],
    ['an unknown currency', { currency: 'XYZ' }, 'currency', /Unknown currency/],
    [
      'a 5,000-character message with HTML',
      { message: `<script>alert(1)</script><b>${'x'.repeat(4968)}</b>` },
      'message',
      /at most 500 characters \(it has 5,000\)/,
    ],
  ] as const)('%s', async (_name, over, field, message) => {
    const r = await submit({ ...good(), ...over });
    expect(r.ok).toBe(false);
    expect(r.redirect).toBeUndefined();
    expect(r.fieldErrors?.[field]?.[0]).toMatch(message);
    expect(r.message).toBeTruthy();
    // Everything typed comes back, so the form keeps it (cut to the field's own limit).
    const capped = Object.fromEntries(Object.entries(over).map(([k, v]) => [k, k === 'message' ? v.slice(0, MESSAGE_MAX) : v]));
    expect(r.values).toMatchObject({ displayName: 'Ada', email: 'ada@example.com', ...capped });
    expect(await rowCount()).toBe(0);
  });

  it('a closed or missing campaign: a clear message, nothing stored', async () => {
    const closed = await makeCampaign({ endsAt: new Date(Date.now() - 1000) });
    const r = await submit({ ...good(), campaignId: closed });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/has ended/) });
    expect(await rowCount(eq(pledges.campaignId, closed))).toBe(0);
    const missing = await submit({ ...good(), campaignId: 'no-such-campaign' });
    expect(missing).toMatchObject({ ok: false, message: expect.stringMatching(/does not exist/) });
  });

  it('good input records one pledge and sends the pledger to the thank-you page; a retry lands there too', async () => {
    const fields = good();
    const [a, b] = await Promise.all([submit(fields), submit(fields)]);
    expect(a.redirect).toBe('/pledges/thanks');
    expect(b.redirect).toBe('/pledges/thanks');
    expect(await rowCount()).toBe(1);
    const changed = await submit({ ...fields, amount: '50' });
    expect(changed).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already used for a pledge\. To pledge a different amount/),
    });
    expect(await rowCount()).toBe(1);
  });

  it('new pledges per client IP are limited (20 an hour); a retry of a recorded form still gets its confirmation', async () => {
    process.env.TRUSTED_IP_HEADERS = 'x-real-ip';
    fakeRequest.clientIp = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    try {
      const first = good();
      const firstResult = await submit(first);
      expect(firstResult.redirect).toBeTruthy();
      for (let i = 1; i < 20; i++) expect((await submit(good())).redirect).toBeTruthy();
      const refused = await submit(good());
      expect(refused).toMatchObject({
        ok: false,
        message: expect.stringMatching(/Too many pledges from your network\. Try again in \d+ minutes?/),
      });
      expect(refused.values).toMatchObject({ displayName: 'Ada', email: 'ada@example.com' });
      expect(await rowCount()).toBe(20);
      expect((await submit(first)).redirect).toBe(firstResult.redirect);
      // Another network is not affected.
      fakeRequest.clientIp = '198.51.100.7';
      expect((await submit(good())).redirect).toBeTruthy();
    } finally {
      fakeRequest.clientIp = null;
      delete process.env.TRUSTED_IP_HEADERS;
    }
  });
  it.each([30, 100])(
    '%i concurrent guest pledges from one IP: exactly 20 recorded, the rest told to wait (the limit is taken before the pledge)',
    async (n) => {
      process.env.TRUSTED_IP_HEADERS = 'x-real-ip';
      fakeRequest.clientIp = `192.0.2.${n}`;
      try {
        const results = await Promise.all(Array.from({ length: n }, () => submit(guestFields())));
        expect(await rowCount()).toBe(20);
        expect(results.filter((r) => r.redirect === '/pledges/thanks')).toHaveLength(20);
        const refused = results.filter((r) => !r.redirect);
        expect(refused).toHaveLength(n - 20);
        for (const r of refused) expect(r.message).toMatch(/Too many pledges from your network/);
      } finally {
        fakeRequest.clientIp = null;
        delete process.env.TRUSTED_IP_HEADERS;
      }
    },
  );

  it('retries and refusals give their point back: 10 copies of one form and 5 refused forms use one of the 20', async () => {
    process.env.TRUSTED_IP_HEADERS = 'x-real-ip';
    fakeRequest.clientIp = '192.0.2.200';
    try {
      const form = guestFields();
      await Promise.all([
        ...Array.from({ length: 10 }, () => submit(form)),
        ...Array.from({ length: 5 }, () => submit(guestFields({ currency: 'EUR' }))),
      ]);
      expect(await rowCount()).toBe(1);
      const more = await Promise.all(Array.from({ length: 25 }, () => submit(guestFields())));
      expect(more.filter((r) => r.redirect)).toHaveLength(19);
      expect(await rowCount()).toBe(20);
    } finally {
      fakeRequest.clientIp = null;
      delete process.env.TRUSTED_IP_HEADERS;
    }
  });
});
