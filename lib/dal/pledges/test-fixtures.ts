/**
 * Shared fixtures for the pledge tests (vitest only; each test file still declares its own mocks; the
 * accounts are in ./test-people):
 *   vi.mock('next/cache', ...); vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
 *   vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
 *   setUpPledgeFixtures();   // real users in the database, a fresh campaign (ctx.campaignId) per test
 * Mocks: next/cache (no cache outside Next), next/headers (lib/testing/fake-headers: with JavaScript unless
 * fakeRequest.plainFormPost), and next-auth's auth() only (lib/testing/fake-auth), so the real session
 * layer (lib/dal/session) checks the real users of ./test-people.
 */
import { beforeAll, beforeEach } from 'vitest';
import { count, desc, eq, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { campaigns, mailOutbox, pledges, users } from '@/db/schema';
import { pledgeAction } from '@/lib/actions/pledges';
import { getCampaignSummary } from '@/lib/dal/campaigns';
import { resetFakeRequest } from '@/lib/testing/fake-headers';
import type { PledgeForm } from '@/lib/validation/pledge';
import { actAsViewer, admin, author, reader, RUN, unverified } from './test-people';

/** The campaign the current test pledges to (a fresh one per test; a test may switch to another). */
export const ctx = { campaignId: '' };

/** Registers the hooks: the users above once per file, then per test an anonymous visitor, a clean request and a fresh campaign. */
export function setUpPledgeFixtures(): void {
  beforeAll(async () => {
    const db = await getDb();
    await db.insert(users).values([
      { id: reader.id, email: reader.email, handle: `reader-${RUN}`, role: 'reader', emailVerified: new Date() },
      { id: admin.id, email: admin.email, handle: `admin-${RUN}`, role: 'admin', emailVerified: new Date() },
      { id: author.id, email: author.email, handle: `author-${RUN}`, role: 'author', emailVerified: new Date() },
      { id: unverified.id, email: unverified.email, handle: `unverified-${RUN}`, role: 'reader' },
    ]);
  });
  beforeEach(async () => {
    actAsViewer(null);
    resetFakeRequest();
    ctx.campaignId = await makeCampaign();
  });
}

/** The double opt-in link the pledger got by mail: [pledge id, raw token]. */
export async function mailedConfirmLink(email: string): Promise<[string, string]> {
  const db = await getDb();
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.id));
  for (const m of mails) {
    const match = /\/pledges\/confirm\/([0-9a-f-]{36})\/([\w%-]+)/.exec(m.text);
    if (match) return [match[1], decodeURIComponent(match[2])];
  }
  throw new Error(`No confirmation link mailed to ${email}`);
}

/** The public bar of the campaign. */
export async function bar(id = ctx.campaignId) {
  return (await getCampaignSummary(id))!;
}

export async function makeCampaign(values: Partial<typeof campaigns.$inferInsert> = {}): Promise<string> {
  const db = await getDb();
  const [c] = await db
    .insert(campaigns)
    .values({ slug: `c-${crypto.randomUUID().slice(0, 8)}`, title: 'Test fund', goalCents: 500000, currency: 'USD', ...values })
    .returning();
  return c.id;
}

/** A valid, already parsed pledge form for the current campaign. */
export function form(over: Partial<PledgeForm> = {}): PledgeForm {
  return {
    campaignId: ctx.campaignId,
    currency: 'USD',
    amountCents: 2500,
    frequency: 'one_time',
    displayName: 'Ada',
    anonymous: false,
    hideAmount: false,
    message: '',
    email: 'ada@example.com',
    idempotencyKey: crypto.randomUUID(),
    ...over,
  };
}

/** The fields a guest's browser posts (before parsing). */
export const guestFields = (over: Record<string, string> = {}) => ({
  campaignId: ctx.campaignId,
  currency: 'USD',
  amount: '',
  customAmount: '25',
  frequency: 'one_time',
  displayName: 'Guest',
  message: '',
  email: `guest-${crypto.randomUUID().slice(0, 8)}@example.com`,
  idempotencyKey: crypto.randomUUID(),
  ...over,
});

export async function rowCount(where: SQL = eq(pledges.campaignId, ctx.campaignId)) {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(pledges).where(where);
  return n;
}

function formData(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

/** Runs the public pledge action as a browser would; a redirect (success) comes back as { redirect }. */
export async function submit(fields: Record<string, string>): Promise<{
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  redirect?: string;
}> {
  try {
    return await pledgeAction(undefined, formData(fields));
  } catch (err) {
    const digest = (err as { digest?: string }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT')) return { ok: true, redirect: digest.split(';')[2] };
    throw err;
  }
}
