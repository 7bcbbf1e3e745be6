import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, campaigns, mailOutbox, pledges, settings, users } from '@/db/schema';
import type { Viewer } from '@/lib/dal/session';
import { parsePledgeForm, type PledgeForm } from '@/lib/validation/pledge';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
// The public pledge action, as called by a browser with JavaScript (Next-Action header present).
let clientIpHeader: string | null = null;
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'next-action': 'test', ...(clientIpHeader ? { 'x-real-ip': clientIpHeader } : {}) }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));

let currentViewer: Viewer | null = null;
vi.mock('@/lib/dal/session', async () => {
  const { can } = await import('@/lib/auth/roles');
  const { ForbiddenError, UnauthenticatedError } = await import('@/lib/errors');
  const requireViewer = async () => {
    if (!currentViewer) throw new UnauthenticatedError();
    return currentViewer;
  };
  return {
    getViewer: async () => currentViewer,
    requireViewer,
    requirePermission: async (p: Parameters<typeof can>[1]) => {
      const v = await requireViewer();
      if (!can(v.role, p)) throw new ForbiddenError();
      return v;
    },
    assertNotBanned: (v: Viewer) => {
      if (v.bannedUntil && v.bannedUntil.getTime() > Date.now()) throw new ForbiddenError('Your account is banned.');
    },
  };
});

const { createPledge, setPledgeStatus, cancelPledgeWithToken, cancelOwnPledge, getPledgeWithToken, getSupporterIds, listDonorWall, exportPledgesCsv, pledgeToken, csvField } =
  await import('./pledges');
const { loadTotals, getCampaignSummary } = await import('./campaigns');
const { pledgeAction } = await import('@/lib/actions/pledges');

function formData(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

/** Runs the action; a redirect (success) comes back as { redirect }. */
async function submit(fields: Record<string, string>): Promise<{ ok: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string>; redirect?: string }> {
  try {
    return await pledgeAction(undefined, formData(fields));
  } catch (err) {
    const digest = (err as { digest?: string }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT')) return { ok: true, redirect: digest.split(';')[2] };
    throw err;
  }
}

function viewer(id: string, role: Viewer['role'], email: string): Viewer {
  return { id, email, name: id, handle: id, image: null, role, emailVerified: true, bannedUntil: null, banReason: null, premoderated: false, createdAt: new Date(), bio: null, sessionVersion: 0 };
}
// Fresh users per run: on a Postgres server the database outlives the run.
const RUN = crypto.randomUUID().slice(0, 8);
const reader = viewer(`u-reader-${RUN}`, 'reader', `reader-${RUN}@broadsheet.test`);
const admin = viewer(`u-admin-${RUN}`, 'admin', `admin-${RUN}@broadsheet.test`);

let campaignId: string;

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
    { id: reader.id, email: reader.email, handle: `reader-${RUN}`, role: 'reader' },
    { id: admin.id, email: admin.email, handle: `admin-${RUN}`, role: 'admin' },
  ]);
});

beforeEach(async () => {
  currentViewer = null;
  campaignId = await makeCampaign();
});

describe('createPledge idempotency', () => {
  it('50 simultaneous submissions with one key leave exactly one row, and all name the same pledge', async () => {
    const f = form();
    const results = await Promise.all(Array.from({ length: 50 }, () => createPledge(f, { viewer: null })));
    expect(await rowCount()).toBe(1);
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
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
    await expect(createPledge({ ...f, amountCents: 5000 }, { viewer: null })).rejects.toThrow(/already used to pledge \$25/);
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
    await expect(createPledge(form({ email: '' }), { viewer: null })).rejects.toMatchObject({ fieldErrors: { email: [expect.stringMatching(/email/)] } });
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
    await createPledge(form({ campaignId: id, amountCents: 3000 }), { viewer: null });
    await createPledge(form({ campaignId: id, amountCents: 2000 }), { viewer: null });
    await expect(createPledge(form({ campaignId: id, amountCents: 100 }), { viewer: null })).rejects.toThrow(/reached its goal/);
    const summary = await getCampaignSummary(id);
    expect(summary).toMatchObject({ pledgedCents: 5000, percent: 100, supporters: 1 });
    expect(summary?.closedReason).toMatch(/reached its goal/);
  });

  it('still answers a retry of a pledge after the campaign closed', async () => {
    const id = await makeCampaign({ goalCents: 2500, stopAtGoal: true });
    const f = form({ campaignId: id, amountCents: 2500 });
    const a = await createPledge(f, { viewer: null });
    expect((await createPledge(f, { viewer: null })).id).toBe(a.id);
  });

  it('refuses a missing campaign with a clear message', async () => {
    await expect(createPledge(form({ campaignId: 'no-such-campaign' }), { viewer: null })).rejects.toThrow(/does not exist/);
  });

  it('refuses a currency other than the campaign’s', async () => {
    await expect(createPledge(form({ currency: 'EUR' }), { viewer: null })).rejects.toMatchObject({ fieldErrors: { currency: [expect.stringMatching(/USD/)] } });
    expect(await rowCount()).toBe(0);
  });
});

describe('statuses', () => {
  it('a reader cannot mark a pledge received; a guest neither; staff can, with audit and receipt', async () => {
    const p = await createPledge(form({ email: 'payer@example.com' }), { viewer: null });
    currentViewer = null;
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' })).rejects.toThrow(/sign in/i);
    currentViewer = reader;
    await expect(setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' })).rejects.toThrow(/not allowed/);
    const db = await getDb();
    expect((await db.select().from(pledges).where(eq(pledges.id, p.id)))[0].status).toBe('pledged');

    currentViewer = admin;
    await setPledgeStatus({ pledgeId: p.id, status: 'received', note: 'Bank transfer 12 May' });
    const [row] = await db.select().from(pledges).where(eq(pledges.id, p.id));
    expect(row).toMatchObject({ status: 'received', staffNote: 'Bank transfer 12 May' });
    expect(row.receivedAt).toBeInstanceOf(Date);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.entityId, p.id), eq(auditLog.action, 'pledge.received')));
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
    currentViewer = reader;
    await expect(cancelOwnPledge(theirs.id)).rejects.toThrow(/does not exist/);
    await cancelOwnPledge(mine.id);
    const db = await getDb();
    expect((await db.select().from(pledges).where(eq(pledges.id, mine.id)))[0].status).toBe('cancelled');
    expect((await db.select().from(pledges).where(eq(pledges.id, theirs.id)))[0].status).toBe('pledged');
  });
});

describe('donor wall, badge and export', () => {
  it('shows names or Anonymous, hides amounts when asked, skips cancelled pledges, pages', async () => {
    await createPledge(form({ displayName: 'Grace', message: '<b>Keep going</b>' }), { viewer: null });
    await createPledge(form({ anonymous: true, displayName: 'Secret' }), { viewer: null });
    await createPledge(form({ displayName: 'Hidden', hideAmount: true }), { viewer: null });
    const c = await createPledge(form({ displayName: 'Gone' }), { viewer: null });
    await cancelPledgeWithToken(c.id, pledgeToken(c.id));
    const wall = await listDonorWall(campaignId, 1);
    expect(wall.total).toBe(3);
    const names = wall.entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Grace', 'Anonymous', 'Hidden']));
    expect(names).not.toContain('Secret');
    expect(wall.entries.find((e) => e.name === 'Hidden')?.amountCents).toBeNull();
    expect(wall.entries.find((e) => e.name === 'Grace')).toMatchObject({ amountCents: 2500, message: '<b>Keep going</b>' });
    for (let i = 0; i < 12; i++) await createPledge(form({ displayName: `P${i}` }), { viewer: null });
    const p2 = await listDonorWall(campaignId, 2);
    expect(p2.pages).toBe(2);
    expect(p2.entries).toHaveLength(5);
  });

  it('getSupporterIds: users with a received pledge, unless the setting is off', async () => {
    const a = await createPledge(form(), { viewer: reader });
    await createPledge(form(), { viewer: admin });
    expect(await getSupporterIds([reader.id, admin.id])).toEqual(new Set());
    currentViewer = admin;
    await setPledgeStatus({ pledgeId: a.id, status: 'received', note: '' });
    expect(await getSupporterIds([reader.id, admin.id, 'nobody'])).toEqual(new Set([reader.id]));
    const db = await getDb();
    await db.insert(settings).values({ key: 'supporterBadge', value: false });
    expect(await getSupporterIds([reader.id])).toEqual(new Set());
    await db.delete(settings).where(eq(settings.key, 'supporterBadge'));
  });

  it('exports CSV for staff only, filtered by status and dates, escaped', async () => {
    await createPledge(form({ displayName: '=HYPERLINK("evil")', message: 'He said "hi",\nthen left' }), { viewer: null });
    const b = await createPledge(form({ displayName: 'Bob' }), { viewer: null });
    currentViewer = reader;
    await expect(exportPledgesCsv({})).rejects.toThrow(/not allowed/);
    currentViewer = admin;
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
  const base = { campaignId: 'c1', currency: 'USD', amount: '25', frequency: 'one_time', email: 'a@b.co', idempotencyKey: crypto.randomUUID() };
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
    campaignId, currency: 'USD', amount: '25', customAmount: '', frequency: 'one_time', displayName: 'Ada', message: 'Hi',
    email: 'ada@example.com', idempotencyKey: crypto.randomUUID(),
  });

  it.each([
    ['amount 0', { customAmount: '0' }, 'amount', /more than zero/],
    ['a negative amount', { customAmount: '-5' }, 'amount', /negative/],
    ['1e12', { customAmount: '1e12' }, 'amount', /largest pledge is \$100,000/],
    ['"abc"', { customAmount: 'abc' }, 'amount', /as a number/],
    ['more than 2 decimals', { customAmount: '10.005' }, 'amount', /two decimal places/],
    ['an unknown currency', { currency: 'XYZ' }, 'currency', /Unknown currency/],
    ['a 5,000-character message with HTML', { message: `<script>alert(1)</script><b>${'x'.repeat(4968)}</b>` }, 'message', /at most 500 characters \(it has 5,000\)/],
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

  it('good input records one pledge and sends the pledger to its confirmation; a retry lands on the same one', async () => {
    const fields = good();
    const [a, b] = await Promise.all([submit(fields), submit(fields)]);
    expect(a.redirect).toMatch(/^\/pledges\/[0-9a-f-]{36}\//);
    expect(b.redirect).toBe(a.redirect);
    expect(await rowCount()).toBe(1);
    const changed = await submit({ ...fields, amount: '50' });
    expect(changed).toMatchObject({ ok: false, message: expect.stringMatching(/already used to pledge \$25/) });
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
      expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/Too many pledges from your network\. Try again in \d+ minutes?/) });
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
