import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, campaigns, mailOutbox, pledges, settings, users } from '@/db/schema';
import type { Viewer } from '@/lib/dal/session';
import { campaignFormSchema, parsePledgeForm, type PledgeForm } from '@/lib/validation/pledge';
import nodeCrypto from 'node:crypto';
import { renderToStaticMarkup } from 'react-dom/server';
import { actAs } from '@/lib/testing/fake-auth';
import { migrationDataStatements } from '@/lib/testing/migration-data';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
// The public pledge action, as called by a browser with JavaScript (Next-Action header present), or
// without it (a plain form post, e.g. replayed from the browser history).
let clientIpHeader: string | null = null;
let plainFormPost = false;
/** Cookies the action set in this test (name -> value). */
const cookieJar = new Map<string, string>();
vi.mock('next/headers', () => ({
  headers: async () =>
    new Headers({ ...(plainFormPost ? {} : { 'next-action': 'test' }), ...(clientIpHeader ? { 'x-real-ip': clientIpHeader } : {}) }),
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
    getAll: () => [...cookieJar].map(([name, value]) => ({ name, value })),
    has: (name: string) => cookieJar.has(name),
    set: (name: string, value: string) => void cookieJar.set(name, value),
    delete: (name: string) => void cookieJar.delete(name),
  }),
}));
// The real session layer, with next-auth's auth() answering for a real user of this database.
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

/** Act as this (real, inserted) user in DAL calls, or as an anonymous visitor. */
function actAsViewer(v: Viewer | null) {
  actAs(v?.id ?? null);
}

const {
  createPledge,
  setPledgeStatus,
  cancelPledgeWithToken,
  cancelOwnPledge,
  getPledgeWithToken,
  getSupporterIds,
  listDonorWall,
  exportPledgesCsv,
  pledgeToken,
  csvField,
  confirmPledge,
  getPledgeForConfirmation,
  reviewPledge,
  reviewPledgeMessage,
  listMyPledges,
  listPledgesForStaff,
} = await import('./pledges');
const { loadTotals, getCampaignSummary } = await import('./campaigns');
const { pledgeAction } = await import('@/lib/actions/pledges');

function formData(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

/** Runs the action; a redirect (success) comes back as { redirect }. */
async function submit(fields: Record<string, string>): Promise<{
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

function viewer(id: string, role: Viewer['role'], email: string, emailVerified = true): Viewer {
  return {
    id,
    email,
    name: id,
    handle: id,
    image: null,
    role,
    emailVerified,
    bannedUntil: null,
    banReason: null,
    premoderated: false,
    createdAt: new Date(),
    bio: null,
    sessionVersion: 0,
  };
}
// Fresh users per run: on a Postgres server the database outlives the run.
const RUN = crypto.randomUUID().slice(0, 8);
const reader = viewer(`u-reader-${RUN}`, 'reader', `reader-${RUN}@broadsheet.test`);
const admin = viewer(`u-admin-${RUN}`, 'admin', `admin-${RUN}@broadsheet.test`);
const author = viewer(`u-author-${RUN}`, 'author', `author-${RUN}@broadsheet.test`);
/** Signed up, never clicked the verification link. */
const unverified = viewer(`u-unverified-${RUN}`, 'reader', `unverified-${RUN}@broadsheet.test`, false);

let campaignId: string;

/** A fresh account (verified unless told otherwise), for tests that depend on a user's whole pledge history. */
async function newUser(verified = true): Promise<Viewer> {
  const tag = crypto.randomUUID().slice(0, 8);
  const v = viewer(`u-${tag}`, 'reader', `fan-${tag}@broadsheet.test`, verified);
  await (
    await getDb()
  )
    .insert(users)
    .values({ id: v.id, email: v.email, handle: `fan-${tag}`, role: 'reader', emailVerified: verified ? new Date() : null });
  return v;
}

/** The double opt-in link the pledger got by mail: [pledge id, raw token]. */
async function mailedConfirmLink(email: string): Promise<[string, string]> {
  const db = await getDb();
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.id));
  for (const m of mails) {
    const match = /\/pledges\/confirm\/([0-9a-f-]{36})\/([\w%-]+)/.exec(m.text);
    if (match) return [match[1], decodeURIComponent(match[2])];
  }
  throw new Error(`No confirmation link mailed to ${email}`);
}

async function bar(id = campaignId) {
  return (await getCampaignSummary(id))!;
}

async function makeCampaign(values: Partial<typeof campaigns.$inferInsert> = {}): Promise<string> {
  const db = await getDb();
  const [c] = await db
    .insert(campaigns)
    .values({ slug: `c-${crypto.randomUUID().slice(0, 8)}`, title: 'Test fund', goalCents: 500000, currency: 'USD', ...values })
    .returning();
  return c.id;
}

function form(over: Partial<PledgeForm> = {}): PledgeForm {
  return {
    campaignId,
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

async function rowCount(where = eq(pledges.campaignId, campaignId)) {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(pledges).where(where);
  return n;
}

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
  plainFormPost = false;
  cookieJar.clear();
  campaignId = await makeCampaign();
});

describe('createPledge idempotency', () => {
  it('50 simultaneous submissions with one key leave exactly one row, and all name the same pledge', async () => {
    const f = form();
    const results = await Promise.all(Array.from({ length: 50 }, () => createPledge(f, { viewer: null })));
    expect(await rowCount()).toBe(1);
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // One thank-you mail, not fifty.
    const db = await getDb();
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'ada@example.com'));
    expect(mails.filter((m) => m.text.includes(results[0].id.replace(/-/g, '').slice(0, 8).toUpperCase()))).toHaveLength(1);
  });

  it('1,000 pledges submitted with retries: totals equal the sum of the unique pledges', async () => {
    const unique = Array.from({ length: 1000 }, (_, i) =>
      form({ idempotencyKey: `k-${i}-${crypto.randomUUID()}`, amountCents: 100 + ((i * 7919) % 50000), email: `p${i % 300}@example.com` }),
    );
    const submissions = unique.flatMap((f, i) => Array.from({ length: 1 + (i % 3) }, () => f));
    // Shuffle so that retries of one pledge interleave with others.
    for (let i = submissions.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [submissions[i], submissions[j]] = [submissions[j], submissions[i]];
    }
    const results: string[] = [];
    for (let i = 0; i < submissions.length; i += 50) {
      const batch = await Promise.all(submissions.slice(i, i + 50).map((f) => createPledge(f, { viewer: null })));
      results.push(...batch.map((r) => r.id));
    }
    expect(await rowCount()).toBe(1000);
    expect(new Set(results).size).toBe(1000);
    // Guest pledges count once confirmed (all amounts here are under the review ceiling).
    expect((await loadTotals(await getDb(), campaignId)).pledgedCents).toBe(0);
    await (await getDb()).update(pledges).set({ confirmedAt: new Date() }).where(eq(pledges.campaignId, campaignId));
    const expected = unique.reduce((s, f) => s + f.amountCents, 0);
    const db = await getDb();
    const totals = await loadTotals(db, campaignId);
    expect(totals.pledgedCents).toBe(expected);
    expect(totals.outstandingCents).toBe(expected);
    expect(totals.receivedCents).toBe(0);
    expect(totals.supporters).toBe(300);
    const summary = await getCampaignSummary(campaignId);
    expect(summary?.pledgedCents).toBe(expected);
  }, 180_000);

  it('refuses a reused key with a different amount, and stores nothing new', async () => {
    const f = form();
    const first = await createPledge(f, { viewer: null });
    await expect(createPledge({ ...f, amountCents: 5000 }, { viewer: null })).rejects.toThrow(
      /already used for a pledge\. To pledge a different amount/,
    );
    await expect(createPledge({ ...f, email: 'someone@else.test' }, { viewer: null })).rejects.toThrow(/different pledge/);
    expect(await rowCount()).toBe(1);
    expect((await createPledge(f, { viewer: null })).id).toBe(first.id);
  });

  it('without a key (no JavaScript), an identical resubmission is the same pledge', async () => {
    const f = form({ idempotencyKey: '' });
    const a = await createPledge(f, { viewer: null });
    const b = await createPledge(f, { viewer: null });
    expect(b.id).toBe(a.id);
    const c = await createPledge({ ...f, amountCents: 1000 }, { viewer: null });
    expect(c.id).not.toBe(a.id);
    expect(await rowCount()).toBe(2);
  });

  it('uses the account for signed-in pledgers and requires an email from guests', async () => {
    const mine = await createPledge(form({ email: '' }), { viewer: reader });
    const db = await getDb();
    const [row] = await db.select().from(pledges).where(eq(pledges.id, mine.id));
    expect(row.userId).toBe(reader.id);
    expect(row.email).toBe(reader.email);
    await expect(createPledge(form({ email: '' }), { viewer: null })).rejects.toMatchObject({
      fieldErrors: { email: [expect.stringMatching(/email/)] },
    });
  });
});

describe('closed and missing campaigns', () => {
  it.each([
    ['inactive', { active: false }, /closed/],
    ['ended', { endsAt: new Date(Date.now() - 1000) }, /ended/],
    ['not started', { startsAt: new Date(Date.now() + 86_400_000) }, /not started/],
  ] as const)('refuses a pledge to an %s campaign and stores nothing', async (_name, values, message) => {
    const id = await makeCampaign(values);
    await expect(createPledge(form({ campaignId: id }), { viewer: null })).rejects.toThrow(message);
    expect(await rowCount(eq(pledges.campaignId, id))).toBe(0);
    const summary = await getCampaignSummary(id);
    expect(summary?.closedReason).toMatch(message);
  });

  it('stops at the goal when configured, and still shows the final bar', async () => {
    const id = await makeCampaign({ goalCents: 5000, stopAtGoal: true });
    // Unconfirmed guest promises can't close a campaign.
    await createPledge(form({ campaignId: id, amountCents: 5000, email: 'stranger@example.com' }), { viewer: null });
    await createPledge(form({ campaignId: id, amountCents: 3000, email: '' }), { viewer: reader });
    await createPledge(form({ campaignId: id, amountCents: 2000, email: '' }), { viewer: reader });
    await expect(createPledge(form({ campaignId: id, amountCents: 100 }), { viewer: null })).rejects.toThrow(/reached its goal/);
    const summary = await getCampaignSummary(id);
    expect(summary).toMatchObject({ pledgedCents: 5000, percent: 100, supporters: 1 });
    expect(summary?.closedReason).toMatch(/reached its goal/);
  });

  it('still answers a retry of a pledge after the campaign closed', async () => {
    const id = await makeCampaign({ goalCents: 2500, stopAtGoal: true });
    const f = form({ campaignId: id, amountCents: 2500, email: '' });
    const a = await createPledge(f, { viewer: reader });
    expect((await getCampaignSummary(id))?.closedReason).toMatch(/reached its goal/);
    expect((await createPledge(f, { viewer: reader })).id).toBe(a.id);
  });

  it('refuses a missing campaign with a clear message', async () => {
    await expect(createPledge(form({ campaignId: 'no-such-campaign' }), { viewer: null })).rejects.toThrow(/does not exist/);
  });

  it('refuses a currency other than the campaign’s', async () => {
    await expect(createPledge(form({ currency: 'EUR' }), { viewer: null })).rejects.toMatchObject({
      fieldErrors: { currency: [expect.stringMatching(/USD/)] },
    });
    expect(await rowCount()).toBe(0);
  });
});

describe('statuses', () => {
  it('a reader cannot mark a pledge received; a guest neither; staff can, with audit and receipt', async () => {
    const p = await createPledge(form({ email: 'payer@example.com' }), { viewer: null });
    actAsViewer(null);
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' })).rejects.toThrow(/sign in/i);
    actAsViewer(reader);
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' })).rejects.toThrow(/not allowed/);
    const db = await getDb();
    expect((await db.select().from(pledges).where(eq(pledges.id, p.id)))[0].status).toBe('pledged');

    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: p.id, status: 'received', note: 'Bank transfer 12 May' });
    const [row] = await db.select().from(pledges).where(eq(pledges.id, p.id));
    expect(row).toMatchObject({ status: 'received', staffNote: 'Bank transfer 12 May' });
    expect(row.receivedAt).toBeInstanceOf(Date);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, 'pledge.received')));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(admin.id);
    const receipts = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'payer@example.com'));
    expect(receipts.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^Receipt/)]));

    const totals = await loadTotals(db, campaignId);
    expect(totals).toMatchObject({ receivedCents: 2500, outstandingCents: 0, pledgedCents: 2500 });
    // Repeating is harmless; going back is refused.
    await setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' });
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'cancelled', note: '' })).rejects.toThrow(/already received/);
  });

  it('the pledger cancels with the link token while unpaid; a wrong token does nothing', async () => {
    const p = await createPledge(form(), { viewer: null });
    await expect(cancelPledgeWithToken(p.id, 'x'.repeat(43))).rejects.toThrow(/not valid/);
    expect(await getPledgeWithToken(p.id, 'x'.repeat(43))).toBeNull();
    const view = await getPledgeWithToken(p.id, pledgeToken(p.id));
    expect(view).toMatchObject({ id: p.id, status: 'pledged', amountCents: 2500 });
    expect(view?.paymentInstructions).toMatch(/IBAN/);
    await cancelPledgeWithToken(p.id, pledgeToken(p.id));
    expect((await cancelPledgeWithToken(p.id, pledgeToken(p.id))).alreadyCancelled).toBe(true);
    const db = await getDb();
    expect(await loadTotals(db, campaignId)).toMatchObject({ pledgedCents: 0, supporters: 0 });
  });

  it('a signed-in pledger cancels their own pledge but not someone else’s', async () => {
    const mine = await createPledge(form(), { viewer: reader });
    const theirs = await createPledge(form(), { viewer: admin });
    actAsViewer(reader);
    await expect(cancelOwnPledge(theirs.id)).rejects.toThrow(/does not exist/);
    await cancelOwnPledge(mine.id);
    const db = await getDb();
    expect((await db.select().from(pledges).where(eq(pledges.id, mine.id)))[0].status).toBe('cancelled');
    expect((await db.select().from(pledges).where(eq(pledges.id, theirs.id)))[0].status).toBe('pledged');
  });
});

describe('donor wall, badge and export', () => {
  it('shows names or Anonymous, hides amounts when asked, skips cancelled pledges, pages', async () => {
    campaignId = await makeCampaign({ publishMessagesAtOnce: true });
    const mine = { viewer: reader };
    await createPledge(form({ displayName: 'Grace', message: '<b>Keep going</b>', email: '' }), mine);
    await createPledge(form({ anonymous: true, displayName: 'Secret', email: '' }), mine);
    await createPledge(form({ displayName: 'Hidden', hideAmount: true, email: '' }), mine);
    const c = await createPledge(form({ displayName: 'Gone' }), { viewer: null });
    await cancelPledgeWithToken(c.id, pledgeToken(c.id));
    const wall = await listDonorWall(campaignId, 1);
    expect(wall.total).toBe(3);
    const names = wall.entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Grace', 'Anonymous', 'Hidden']));
    expect(names).not.toContain('Secret');
    expect(wall.entries.find((e) => e.name === 'Hidden')?.amountCents).toBeNull();
    expect(wall.entries.find((e) => e.name === 'Grace')).toMatchObject({ amountCents: 2500, message: '<b>Keep going</b>' });
    for (let i = 0; i < 12; i++) await createPledge(form({ displayName: `P${i}`, email: '' }), mine);
    const p2 = await listDonorWall(campaignId, 2);
    expect(p2.pages).toBe(2);
    expect(p2.entries).toHaveLength(5);
  });

  it('getSupporterIds: users whose verified account made a pledge that counts, unless the setting is off', async () => {
    const fan = await newUser();
    // Pledged with another address: unconfirmed, no badge until staff mark it received.
    const a = await createPledge(form(), { viewer: fan });
    expect(await getSupporterIds([fan.id, admin.id])).toEqual(new Set());
    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: a.id, status: 'received', note: '' });
    expect(await getSupporterIds([fan.id, admin.id, 'nobody'])).toEqual(new Set([fan.id]));
    const db = await getDb();
    await db.insert(settings).values({ key: 'supporterBadge', value: false });
    expect(await getSupporterIds([fan.id])).toEqual(new Set());
    await db.delete(settings).where(eq(settings.key, 'supporterBadge'));
  });

  it('exports CSV for staff only, filtered by status and dates, escaped', async () => {
    await createPledge(form({ displayName: '=HYPERLINK("evil")', message: 'He said "hi",\nthen left' }), { viewer: null });
    const b = await createPledge(form({ displayName: 'Bob' }), { viewer: null });
    actAsViewer(reader);
    await expect(exportPledgesCsv({})).rejects.toThrow(/not allowed/);
    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: b.id, status: 'received', note: '' });
    const all = await exportPledgesCsv({ campaignId });
    const lines = all.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^pledge_id,number,created_at/);
    expect(all).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(all).toContain('"He said ""hi"",\nthen left"');
    const received = await exportPledgesCsv({ campaignId, status: 'received' });
    expect(received).toContain('"Bob"');
    expect(received).not.toContain('HYPERLINK');
    const today = new Date().toISOString().slice(0, 10);
    expect(await exportPledgesCsv({ campaignId, from: today, to: today })).toContain('"Bob"');
    expect(await exportPledgesCsv({ campaignId, to: '2000-01-01' })).not.toContain('"Bob"');
    expect(csvField('-5')).toBe(`"'-5"`);
  });
});

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
    campaignId,
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
    // Everything typed comes back, so the form keeps it.
    expect(r.values).toMatchObject({ displayName: 'Ada', email: 'ada@example.com', ...over });
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
    clientIpHeader = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
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
      clientIpHeader = '198.51.100.7';
      expect((await submit(good())).redirect).toBeTruthy();
    } finally {
      clientIpHeader = null;
      delete process.env.TRUSTED_IP_HEADERS;
    }
  });
});

describe('trust: pledges that trolls cannot inflate', () => {
  const guestFields = (over: Record<string, string> = {}) => ({
    campaignId,
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

  it('the 100,000 USD guest pledge does not move the bar; confirmed, it is held above the ceiling until an admin approves it', async () => {
    campaignId = await makeCampaign({ goalCents: 500_000 });
    const db = await getDb();
    // 990 USD already in: the bar at 19 %.
    await db.insert(pledges).values({
      campaignId,
      email: 'early@example.com',
      amountCents: 99_000,
      currency: 'USD',
      status: 'received',
      receivedAt: new Date(),
      idempotencyKey: `early-${crypto.randomUUID()}`,
    });
    expect(await bar()).toMatchObject({ pledgedCents: 99_000, percent: 19, supporters: 1 });

    const troll = `troll-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const r = await submit(guestFields({ customAmount: '100000', displayName: 'Totally Real Donor', email: troll }));
    expect(r.redirect).toBe('/pledges/thanks');
    expect(await rowCount()).toBe(2);
    // Not 2020 %: an anonymous, unconfirmed promise moves nothing and is not on the wall.
    expect(await bar()).toMatchObject({ pledgedCents: 99_000, outstandingCents: 0, percent: 19, supporters: 1 });
    expect((await listDonorWall(campaignId, 1)).entries.map((e) => e.name)).not.toContain('Totally Real Donor');

    const [id, token] = await mailedConfirmLink(troll);
    const confirmed = await confirmPledge(id, token);
    expect(confirmed.view).toMatchObject({ confirmed: true, held: true });
    // Above the campaign's ceiling (1,000 USD by default): still nothing until staff approve.
    expect(await bar()).toMatchObject({ pledgedCents: 99_000, percent: 19 });

    // Staff see it, labelled.
    actAsViewer(admin);
    const held = await listPledgesForStaff({ campaignId, review: 'held' });
    expect(held.rows.map((p) => p.id)).toEqual([id]);
    expect(held.rows[0]).not.toHaveProperty('confirmTokenHash');
    expect(held.rows[0]).not.toHaveProperty('cancelTokenHash');

    // Nobody but an admin can approve it.
    for (const who of [null, reader, author]) {
      actAsViewer(who);
      await expect(reviewPledge({ pledgeId: id, decision: 'approve', note: '' })).rejects.toThrow(/sign in|not allowed/i);
    }
    expect((await db.select().from(pledges).where(eq(pledges.id, id)))[0].review).toBe('held');
    expect(await bar()).toMatchObject({ pledgedCents: 99_000 });

    actAsViewer(admin);
    await reviewPledge({ pledgeId: id, decision: 'approve', note: 'Called the donor' });
    expect(await bar()).toMatchObject({ pledgedCents: 10_099_000, outstandingCents: 10_000_000, supporters: 2 });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'pledge.review.approve')));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(admin.id);
    // A repeated click is harmless.
    expect((await reviewPledge({ pledgeId: id, decision: 'approve', note: '' })).changed).toBe(false);
  });

  it('under the ceiling the mailed link makes a guest pledge count; the link is single-use, stored hashed, and nothing else confirms', async () => {
    const email = `confirm-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const p = await createPledge(form({ email }), { viewer: null });
    expect(p).toMatchObject({ created: true, needsConfirmation: true, held: false });
    expect(await bar()).toMatchObject({ pledgedCents: 0, supporters: 0 });
    const [id, token] = await mailedConfirmLink(email);
    expect(id).toBe(p.id);

    const db = await getDb();
    const [stored] = await db.select().from(pledges).where(eq(pledges.id, id));
    expect(stored.confirmTokenHash).toBe(nodeCrypto.createHash('sha256').update(token).digest('hex'));
    expect(token.length).toBeGreaterThanOrEqual(40);

    // A guessed token, or the pledge's other (cancel/manage) link, confirms nothing.
    await expect(confirmPledge(id, 'x'.repeat(43))).rejects.toThrow(/not valid/);
    await expect(confirmPledge(id, pledgeToken(id))).rejects.toThrow(/not valid/);
    expect(await getPledgeForConfirmation(id, 'x'.repeat(43))).toBeNull();
    expect(await getPledgeForConfirmation(id, token)).toMatchObject({ confirmed: false, maskedEmail: `c***@example.com` });
    expect(await bar()).toMatchObject({ pledgedCents: 0 });

    const first = await confirmPledge(id, token);
    expect(first).toMatchObject({ alreadyConfirmed: false, view: { confirmed: true, held: false } });
    expect(await bar()).toMatchObject({ pledgedCents: 2500, outstandingCents: 2500, supporters: 1 });
    const [after] = await db.select().from(pledges).where(eq(pledges.id, id));

    // Used once: a second click changes nothing.
    expect((await confirmPledge(id, token)).alreadyConfirmed).toBe(true);
    const [again] = await db.select().from(pledges).where(eq(pledges.id, id));
    expect(again.confirmedAt).toEqual(after.confirmedAt);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'pledge.confirm.link'))),
    ).toHaveLength(1);
    expect(await bar()).toMatchObject({ pledgedCents: 2500 });

    // A cancelled pledge can't be confirmed back into the bar.
    const q = `late-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const late = await createPledge(form({ email: q }), { viewer: null });
    await cancelPledgeWithToken(late.id, pledgeToken(late.id));
    const [lateId, lateToken] = await mailedConfirmLink(q);
    await expect(confirmPledge(lateId, lateToken)).rejects.toThrow(/cancelled/);
    expect(await bar()).toMatchObject({ pledgedCents: 2500 });
  });

  it('a signed-in reader with a verified address counts at once; an unverified account, or another address, needs the link', async () => {
    const fan = await newUser();
    const ghost = await newUser(false);
    const mine = await createPledge(form({ email: '', amountCents: 1000 }), { viewer: fan });
    expect(mine.needsConfirmation).toBe(false);
    expect(await bar()).toMatchObject({ pledgedCents: 1000 });
    await createPledge(form({ email: '', amountCents: 2000 }), { viewer: ghost });
    await createPledge(form({ email: `someone-else-${RUN}@example.com`, amountCents: 4000 }), { viewer: fan });
    expect(await bar()).toMatchObject({ pledgedCents: 1000, supporters: 1 });
    // The unverified account gets the link like a guest, and counts once it is used.
    const [id, token] = await mailedConfirmLink(ghost.email);
    await confirmPledge(id, token);
    expect(await bar()).toMatchObject({ pledgedCents: 3000, supporters: 2 });
  });

  it('the review ceiling is a campaign setting; a rejected pledge is cancelled and never counts', async () => {
    // A campaign that trusts large pledges: the confirmed 100,000 USD counts.
    campaignId = await makeCampaign({ reviewAboveCents: 20_000_000 });
    const big = `big-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await createPledge(form({ email: big, amountCents: 10_000_000 }), { viewer: null });
    const [bigId, bigToken] = await mailedConfirmLink(big);
    expect((await confirmPledge(bigId, bigToken)).view.held).toBe(false);
    expect(await bar()).toMatchObject({ pledgedCents: 10_000_000 });

    // The default ceiling: 2,000 USD is held; rejected, it is cancelled.
    campaignId = await makeCampaign();
    const signedIn = await newUser();
    const p = await createPledge(form({ email: '', amountCents: 200_000 }), { viewer: signedIn });
    expect(p).toMatchObject({ needsConfirmation: false, held: true });
    expect(await bar()).toMatchObject({ pledgedCents: 0 });
    actAsViewer(admin);
    await reviewPledge({ pledgeId: p.id, decision: 'reject', note: 'No such donor' });
    const db = await getDb();
    const [row] = await db.select().from(pledges).where(eq(pledges.id, p.id));
    expect(row).toMatchObject({ status: 'cancelled', review: 'rejected', staffNote: 'No such donor' });
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, 'pledge.review.reject'))),
    ).toHaveLength(1);
    await expect(reviewPledge({ pledgeId: p.id, decision: 'approve', note: '' })).rejects.toThrow(/not waiting for review/);
    expect(await bar()).toMatchObject({ pledgedCents: 0, supporters: 0 });

    // Staff set the ceiling in the campaign editor (units, like the goal); empty means the default.
    const base = {
      slug: 'x-fund',
      title: 'X',
      description: '',
      goal: '5000',
      currency: 'USD',
      presets: '',
      startsAt: '',
      endsAt: '',
      paymentInstructions: '',
    };
    expect(campaignFormSchema.parse({ ...base, reviewAbove: '250' })).toMatchObject({
      reviewAboveCents: 25_000,
      publishMessagesAtOnce: false,
    });
    expect(campaignFormSchema.parse({ ...base, reviewAbove: '', publishMessagesAtOnce: 'on' })).toMatchObject({
      reviewAboveCents: 100_000,
      publishMessagesAtOnce: true,
    });
    expect(campaignFormSchema.safeParse({ ...base, reviewAbove: 'lots' }).success).toBe(false);
  });

  it('donor-wall messages are hidden until an admin approves them, unless the campaign publishes them at once', async () => {
    const fan = await newUser();
    const spam = await createPledge(form({ email: '', displayName: 'Spam Fan', message: 'Cheap pills at spam.example' }), { viewer: fan });
    expect(spam.messageHeld).toBe(true);
    const wallEntry = async (name: string) => (await listDonorWall(campaignId, 1)).entries.find((e) => e.name === name);
    expect(await wallEntry('Spam Fan')).toMatchObject({ amountCents: 2500, message: '' });

    for (const who of [null, reader, author]) {
      actAsViewer(who);
      await expect(reviewPledgeMessage({ pledgeId: spam.id, decision: 'approve' })).rejects.toThrow(/sign in|not allowed/i);
    }
    expect((await wallEntry('Spam Fan'))?.message).toBe('');

    const kind = await createPledge(form({ email: '', displayName: 'Kind Fan', message: 'Keep up the court reporting' }), { viewer: fan });
    actAsViewer(admin);
    await reviewPledgeMessage({ pledgeId: kind.id, decision: 'approve' });
    await reviewPledgeMessage({ pledgeId: spam.id, decision: 'reject' });
    expect((await wallEntry('Kind Fan'))?.message).toBe('Keep up the court reporting');
    expect((await wallEntry('Spam Fan'))?.message).toBe('');
    const db = await getDb();
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, spam.id), eq(auditLog.action, 'pledge.message.reject'))),
    ).toHaveLength(1);

    campaignId = await makeCampaign({ publishMessagesAtOnce: true });
    await createPledge(form({ email: '', displayName: 'Open Fan', message: 'Published at once' }), { viewer: fan });
    expect((await wallEntry('Open Fan'))?.message).toBe('Published at once');
  });

  it('no supporter badge for anonymous or unconfirmed donors: only a verified account’s own pledge that counts', async () => {
    const fan = await newUser();
    const ghost = await newUser(false);
    const whale = await newUser();
    // A guest pledge with the fan's address, even confirmed, is not the fan's account.
    await createPledge(form({ email: fan.email }), { viewer: null });
    const [gid, gtoken] = await mailedConfirmLink(fan.email);
    await confirmPledge(gid, gtoken);
    // An unverified account, even with a pledge staff marked received.
    const g = await createPledge(form({ email: '' }), { viewer: ghost });
    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: g.id, status: 'received', note: '' });
    // A verified account whose pledge is held above the ceiling.
    await createPledge(form({ email: '', amountCents: 5_000_000 }), { viewer: whale });
    expect(await getSupporterIds([fan.id, ghost.id, whale.id])).toEqual(new Set());

    // The fan's own confirmed pledge: the badge at once.
    await createPledge(form({ email: '' }), { viewer: fan });
    expect(await getSupporterIds([fan.id, ghost.id, whale.id])).toEqual(new Set([fan.id]));
  });

  it('a replayed no-JavaScript form answers "already recorded" with a masked address and never the secret link', async () => {
    plainFormPost = true;
    const email = `victim-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const fields = guestFields({ email, displayName: 'Victim', idempotencyKey: '' });
    const first = await submit(fields);
    expect(first.redirect).toBe('/pledges/thanks');
    const firstCookie = cookieJar.get('bs_pledge');
    cookieJar.clear();
    // Later, someone else at the same computer goes back in the history and submits it again.
    const replay = await submit(fields);
    expect(replay.redirect).toBe('/pledges/thanks');
    const replayCookie = cookieJar.get('bs_pledge');
    expect(await rowCount()).toBe(1);

    const decode = (v: string | undefined) => JSON.parse(Buffer.from(v ?? '', 'base64url').toString('utf8'));
    expect(decode(firstCookie)).toMatchObject({ created: true, needsConfirmation: true, maskedEmail: 'v***@example.com' });
    expect(decode(replayCookie)).toMatchObject({ created: false, maskedEmail: 'v***@example.com' });

    // What the replayer's browser gets: the redirect and the thank-you page.
    const { default: ThanksPage } = await import('@/app/(site)/pledges/thanks/page');
    const html = renderToStaticMarkup(await ThanksPage());
    expect(html).toContain('This pledge is already recorded; we mailed the link to v***@example.com.');

    const db = await getDb();
    const [row] = await db.select().from(pledges).where(eq(pledges.email, email));
    const [, confirmToken] = await mailedConfirmLink(email);
    const everything = [JSON.stringify(first), JSON.stringify(replay), html, decode(firstCookie), decode(replayCookie)]
      .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
      .join('\n');
    expect(everything).not.toContain(pledgeToken(row.id));
    expect(everything).not.toContain(confirmToken);
    expect(everything).not.toContain(row.id);
    expect(everything).not.toContain(email);
  });

  it('"Your pledges" links the secret page only for pledges to the account’s own verified address', async () => {
    const fan = await newUser();
    const own = await createPledge(form({ email: '' }), { viewer: fan });
    const other = await createPledge(form({ email: `not-mine-${RUN}@example.com` }), { viewer: fan });
    actAsViewer(fan);
    const mine = await listMyPledges();
    expect(mine.find((p) => p.id === own.id)?.path).toBe(`/pledges/${own.id}/${pledgeToken(own.id)}`);
    expect(mine.find((p) => p.id === other.id)?.path).toBeNull();

    const ghost = await newUser(false);
    const g = await createPledge(form({ email: '' }), { viewer: ghost });
    actAsViewer(ghost);
    expect((await listMyPledges()).find((p) => p.id === g.id)?.path).toBeNull();
  });

  it('the data migration: received pledges, verified users’ own and seeded ones keep counting; unconfirmed guest pledges stop', async () => {
    const db = await getDb();
    const fan = await newUser();
    const ghost = await newUser(false);
    const k = () => `mig-${crypto.randomUUID()}`;
    const base = { campaignId, currency: 'USD', amountCents: 1000 };
    // Rows as they were before this change: nothing confirmed, messages in the default state.
    await db.insert(pledges).values([
      { ...base, email: 'guest@example.com', idempotencyKey: k(), message: 'Unconfirmed guest' },
      { ...base, email: fan.email, userId: fan.id, idempotencyKey: k(), amountCents: 2000, message: 'Verified fan' },
      { ...base, email: ghost.email, userId: ghost.id, idempotencyKey: k() },
      { ...base, email: 'payer@example.com', idempotencyKey: k(), amountCents: 4000, status: 'received', receivedAt: new Date() },
      { ...base, email: 'demo@example.org', idempotencyKey: `seed-${k()}`, amountCents: 8000 },
    ]);
    await db.update(pledges).set({ confirmedAt: null }).where(eq(pledges.campaignId, campaignId));
    expect((await loadTotals(db, campaignId)).pledgedCents).toBe(4000);

    const statements = migrationDataStatements('0001_pledge_trust.sql');
    expect(statements).toHaveLength(2);
    // Inside a transaction that is rolled back: on a shared server database the other tests' rows stay as they are.
    const rollback = new Error('rollback');
    await expect(
      db.transaction(async (tx) => {
        for (const stmt of statements) await tx.execute(sql.raw(stmt));
        expect(await loadTotals(tx, campaignId)).toMatchObject({ pledgedCents: 2000 + 4000 + 8000, receivedCents: 4000, supporters: 3 });
        const rows = await tx.select().from(pledges).where(eq(pledges.campaignId, campaignId));
        const byMessage = (m: string) => rows.find((r) => r.message === m)!;
        expect(byMessage('Verified fan').messageStatus).toBe('approved');
        expect(byMessage('Unconfirmed guest')).toMatchObject({ confirmedAt: null, messageStatus: 'pending' });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});
