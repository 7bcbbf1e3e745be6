/** The signed-in user's own account (issue #9): password rules, avatar uploads, pledges in the export. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { closeDatabase, getDb } from '@/db/client';
import { campaigns, mailOutbox, pledges, users } from '@/db/schema';
import { actAs } from '@/lib/testing/fake-auth';
import { settleBackground } from '@/lib/mail/background';
import { AVATAR_MAX_BYTES } from '@/lib/request-limits';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-avatar-'));

const { changePassword, setAvatar } = await import('./users-account');
const { exportMyData } = await import('./users-export');
const { confirmEmailToken, createUser, registerUser } = await import('./users');

afterAll(() => closeDatabase());

const PW = 'correct-horse-battery';

describe('password change', () => {
  it('refuses the email address, its local part, the handle or the name as the new password', async () => {
    const u = await createUser({
      email: 'bartholomew@acct.example.com',
      name: 'Bart Simpsonian',
      handle: 'acct_bart_the_great',
      password: PW,
    });
    actAs(u.id);
    for (const pw of ['BARTHOLOMEW@acct.example.com', 'Bartholomew', 'ACCT_BART_THE_GREAT', 'bart simpsonian']) {
      await expect(changePassword({ currentPassword: PW, newPassword: pw })).rejects.toMatchObject({
        fieldErrors: { newPassword: [expect.stringMatching(/email address, handle or name/)] },
      });
    }
    await expect(changePassword({ currentPassword: PW, newPassword: 'a-much-better-password' })).resolves.toMatchObject({ id: u.id });
    actAs(null);
  });
});

describe('avatar upload', () => {
  const png = () =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>';

  it('decides by the decoded image: SVG behind a comment, BOM or whitespace is refused; raster images pass', async () => {
    const u = await createUser({ email: 'pic@acct.example.com', name: 'Pic', handle: 'acct_pic_owner', password: PW });
    actAs(u.id);
    for (const body of [
      `<!-- x -->${svg}`,
      `\uFEFF<!-- a --> <!-- b -->\n${svg}`,
      `<!DOCTYPE svg>${svg}`,
      `<html><body>${svg}</body></html>`,
    ]) {
      await expect(setAvatar(Buffer.from(body))).rejects.toMatchObject({ status: 415, message: expect.stringMatching(/SVG/) });
    }
    const before = (await (await getDb()).select().from(users).where(eq(users.id, u.id)))[0].image;
    expect(before).toBeNull();
    await expect(setAvatar(await png())).resolves.toMatch(/^\/media\/avatars\/.+\.webp$/);
    await expect(
      setAvatar(
        await sharp(await png())
          .gif()
          .toBuffer(),
      ),
    ).resolves.toMatch(/\.webp$/);
    // TIFF decodes fine but is not one of the accepted raster formats.
    await expect(
      setAvatar(
        await sharp(await png())
          .tiff()
          .toBuffer(),
      ),
    ).rejects.toMatchObject({ status: 415 });
    actAs(null);
  });

  it('a file over the limit gets the size message, not an error', async () => {
    const u = await createUser({ email: 'bigpic@acct.example.com', name: 'Big', handle: 'acct_big_pic', password: PW });
    actAs(u.id);
    const big = Buffer.concat([await png(), Buffer.alloc(AVATAR_MAX_BYTES)]);
    await expect(setAvatar(big)).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/too large.*at most 5 MB/) });
    actAs(null);
  });
});

describe('pledges in "export my data"', () => {
  it('an unverified account does not see a guest pledge made with its address; once verified it does', async () => {
    const db = await getDb();
    const [campaign] = await db.insert(campaigns).values({ slug: 'acct-fund', title: 'Fund', goalCents: 100_000 }).returning();
    await db.insert(pledges).values({
      campaignId: campaign.id,
      email: 'Victim@acct.Example.com',
      amountCents: 2500,
      currency: 'USD',
      displayName: 'Victim',
      message: 'private note',
      idempotencyKey: 'acct-guest-pledge-1',
    });
    const squatter = (await registerUser({
      email: 'victim@acct.example.com',
      name: 'Squatter',
      handle: 'acct_squatter',
      password: PW,
      ip: '7.7.7.7',
    }))!;
    await settleBackground();
    actAs(squatter.id);
    const unverified = await exportMyData();
    expect(unverified.pledges).toEqual([]);
    expect(JSON.stringify(unverified)).not.toContain('private note');

    // The address's owner opens the verification link: now the pledge is theirs to see.
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'victim@acct.example.com'));
    await confirmEmailToken(decodeURIComponent(/token=([^\s&]+)/.exec(mail.text)![1]));
    const verified = await exportMyData();
    expect(verified.pledges).toEqual([expect.objectContaining({ amountCents: 2500, message: 'private note' })]);
    actAs(null);
  });
});

describe('email change', () => {
  it('an address another account uses gets the same answer as a free one; its owner is told, nothing changes', async () => {
    const { getAccount, requestEmailChange } = await import('./users-account');
    const owner = await createUser({ email: 'owner-of-it@acct.example.com', name: 'Owner', handle: 'acct_owner_of_it', password: PW });
    const prober = await createUser({ email: 'prober@acct.example.com', name: 'Prober', handle: 'acct_prober', password: PW });
    actAs(prober.id);
    await expect(requestEmailChange({ email: 'free-address@acct.example.com', currentPassword: PW })).resolves.toBeUndefined();
    await expect(requestEmailChange({ email: 'owner-of-it@acct.example.com', currentPassword: PW })).resolves.toBeUndefined();
    await settleBackground();
    const db = await getDb();
    const toOwner = await db.select().from(mailOutbox).where(eq(mailOutbox.to, owner.email));
    expect(toOwner.map((m) => m.subject)).toEqual([expect.stringMatching(/someone tried to use your address/i)]);
    expect(toOwner[0].text).not.toMatch(/token=/);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, 'free-address@acct.example.com'))).toHaveLength(1);
    // The pending change is still the free address: the taken one never got a link.
    expect((await getAccount()).pendingEmail).toBe('free-address@acct.example.com');
    actAs(null);
  });
});
