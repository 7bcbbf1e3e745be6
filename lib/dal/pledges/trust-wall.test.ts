/** Trust, part two: donor-wall messages, the supporter badge, replayed forms and secret links, and the data migration. */
import { describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { getDb } from '@/db/client';
import { auditLog, pledges } from '@/db/schema';
import { loadTotals } from '@/lib/dal/campaigns';
import { createPledge } from './create';
import { confirmPledge } from './confirm-cancel';
import { getSupporterIds, listDonorWall, listMyPledges } from './reads';
import { reviewPledgeMessage, setPledgeStatus } from './staff';
import { pledgeToken } from './tokens';
import { fakeRequest } from '@/lib/testing/fake-headers';
import { migrationDataStatements } from '@/lib/testing/migration-data';
import { ctx, form, guestFields, mailedConfirmLink, makeCampaign, rowCount, setUpPledgeFixtures, submit } from './test-fixtures';
import { actAsViewer, admin, author, newUser, reader, RUN } from './test-people';
import { deleteUser } from '@/lib/dal/admin/users';
import { deleteMyAccount } from '@/lib/dal/users-account';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();

describe('trust: what the public and the replayer see', () => {
  it('donor-wall messages are hidden until an admin approves them, unless the campaign publishes them at once', async () => {
    const fan = await newUser();
    const spam = await createPledge(form({ email: '', displayName: 'Spam Fan', message: 'Cheap pills at spam.example' }), { viewer: fan });
    expect(spam.messageHeld).toBe(true);
    const wallEntry = async (name: string) => (await listDonorWall(ctx.campaignId, 1)).entries.find((e) => e.name === name);
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

    ctx.campaignId = await makeCampaign({ publishMessagesAtOnce: true });
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

  it('an anonymous pledge, amount hidden, earns no badge even once received; a named one by the same reader does', async () => {
    const fan = await newUser();
    const quiet = await createPledge(form({ email: '', anonymous: true, hideAmount: true }), { viewer: fan });
    actAsViewer(admin);
    await setPledgeStatus({ pledgeId: quiet.id, status: 'received', note: '' });
    expect(await getSupporterIds([fan.id])).toEqual(new Set());
    await createPledge(form({ email: '', anonymous: false }), { viewer: fan });
    expect(await getSupporterIds([fan.id])).toEqual(new Set([fan.id]));
  });

  it.each(['self', 'admin'] as const)(
    'deleting an account (%s) takes its name off the donor wall; the books keep the pledges',
    async (how) => {
      const fan = await newUser();
      const bystander = await newUser();
      await createPledge(form({ email: '', displayName: 'Ada Fan' }), { viewer: fan });
      // As a guest, to the account's verified address: theirs too.
      await createPledge(form({ email: fan.email, displayName: 'Ada as guest' }), { viewer: null });
      await confirmPledge(...(await mailedConfirmLink(fan.email)));
      await createPledge(form({ email: '', displayName: 'Other Fan' }), { viewer: bystander });
      const names = async () => (await listDonorWall(ctx.campaignId, 1)).entries.map((e) => e.name).sort();
      expect(await names()).toEqual(['Ada Fan', 'Ada as guest', 'Other Fan']);

      if (how === 'self') {
        actAsViewer(fan);
        await deleteMyAccount({ currentPassword: '' });
      } else {
        actAsViewer(admin);
        await deleteUser(fan.id);
      }
      expect(await names()).toEqual(['Anonymous', 'Anonymous', 'Other Fan']);
      const db = await getDb();
      const rows = await db.select().from(pledges).where(eq(pledges.campaignId, ctx.campaignId));
      expect(rows.map((p) => p.displayName).sort()).toEqual(['', '', 'Other Fan']);
      expect(await loadTotals(db, ctx.campaignId)).toMatchObject({ pledgedCents: 7500 });
    },
  );

  it('a replayed no-JavaScript form answers "already recorded" with a masked address and never the secret link', async () => {
    fakeRequest.plainFormPost = true;
    const email = `victim-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const fields = guestFields({ email, displayName: 'Victim', idempotencyKey: '' });
    const first = await submit(fields);
    expect(first.redirect).toBe('/pledges/thanks');
    const firstCookie = fakeRequest.cookies.get('bs_pledge');
    fakeRequest.cookies.clear();
    // Later, someone else at the same computer goes back in the history and submits it again.
    const replay = await submit(fields);
    expect(replay.redirect).toBe('/pledges/thanks');
    const replayCookie = fakeRequest.cookies.get('bs_pledge');
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
    const base = { campaignId: ctx.campaignId, currency: 'USD', amountCents: 1000 };
    // Rows as they were before this change: nothing confirmed, messages in the default state.
    await db.insert(pledges).values([
      { ...base, email: 'guest@example.com', idempotencyKey: k(), message: 'Unconfirmed guest' },
      { ...base, email: fan.email, userId: fan.id, idempotencyKey: k(), amountCents: 2000, message: 'Verified fan' },
      { ...base, email: ghost.email, userId: ghost.id, idempotencyKey: k() },
      { ...base, email: 'payer@example.com', idempotencyKey: k(), amountCents: 4000, status: 'received', receivedAt: new Date() },
      { ...base, email: 'demo@example.org', idempotencyKey: `seed-${k()}`, amountCents: 8000 },
    ]);
    await db.update(pledges).set({ confirmedAt: null }).where(eq(pledges.campaignId, ctx.campaignId));
    expect((await loadTotals(db, ctx.campaignId)).pledgedCents).toBe(4000);

    const statements = migrationDataStatements('0001_pledge_trust.sql');
    expect(statements).toHaveLength(2);
    // Inside a transaction that is rolled back: on a shared server database the other tests' rows stay as they are.
    const rollback = new Error('rollback');
    await expect(
      db.transaction(async (tx) => {
        for (const stmt of statements) await tx.execute(sql.raw(stmt));
        expect(await loadTotals(tx, ctx.campaignId)).toMatchObject({
          pledgedCents: 2000 + 4000 + 8000,
          receivedCents: 4000,
          supporters: 3,
        });
        const rows = await tx.select().from(pledges).where(eq(pledges.campaignId, ctx.campaignId));
        const byMessage = (m: string) => rows.find((r) => r.message === m)!;
        expect(byMessage('Verified fan').messageStatus).toBe('approved');
        expect(byMessage('Unconfirmed guest')).toMatchObject({ confirmedAt: null, messageStatus: 'pending' });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});
