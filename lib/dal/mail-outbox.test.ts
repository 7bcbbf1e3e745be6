/**
 * Issue #9: staff must never read someone else's secret link (a moderator resetting the admin's password
 * and reading the link in the outbox took over the site).
 */
import { migrationDataStatements } from '@/lib/testing/migration-data';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { mailOutbox, users, type User } from '@/db/schema';
import { actAs } from '@/lib/testing/fake-auth';
import { settleBackground } from '@/lib/mail/background';
import { ForbiddenError } from '@/lib/errors';
import { startSmtpInbox } from '@/lib/testing/smtp-inbox';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

const { createUser, requestPasswordReset } = await import('./users');
const { getOutboxMail, listOutbox, REDACTED_LINK } = await import('./mail-outbox');

const PW = 'correct-horse-battery';
let admin: User, editor: User, moderator: User, reader: User;

// A real SMTP server on a free port: what the app delivers, as the addressee would receive it.
let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;

beforeAll(async () => {
  admin = await createUser({ email: 'boss@outbox.example.com', name: 'Boss', handle: 'ob_boss', password: PW, role: 'admin' });
  editor = await createUser({ email: 'ed@outbox.example.com', name: 'Ed', handle: 'ob_ed_itor', password: PW, role: 'editor' });
  moderator = await createUser({ email: 'mo@outbox.example.com', name: 'Mo', handle: 'ob_mo_d', password: PW, role: 'moderator' });
  reader = await createUser({ email: 'rita@outbox.example.com', name: 'Rita', handle: 'ob_rita', password: PW });
  inbox = await startSmtpInbox();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await inbox?.close();
  await closeDatabase();
});

const tokenIn = (text: string) => decodeURIComponent(/token=([^\s&]+)/.exec(text)?.[1] ?? '');

async function rowsTo(address: string) {
  return (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, address)).orderBy(mailOutbox.id);
}

describe('with SMTP configured', () => {
  it('editors and moderators who request a reset for the admin find no way to read the token', async () => {
    process.env.SMTP_URL = inbox.url;
    try {
      for (const staff of [editor, moderator]) {
        inbox.mails.length = 0;
        actAs(staff.id);
        await requestPasswordReset(admin.email, '10.0.0.1');
        await settleBackground();
        // The admin did get the link...
        const mail = inbox.mails.find((m) => m.to.includes(admin.email))!;
        expect(mail.subject).toMatch(/reset/i);
        const token = tokenIn(mail.text);
        expect(token.length).toBeGreaterThan(20);
        // ...but it is stored nowhere in the outbox: metadata only.
        const all = await (await getDb()).select().from(mailOutbox);
        expect(JSON.stringify(all)).not.toContain(token);
        const row = (await rowsTo(admin.email)).at(-1)!;
        expect(row).toMatchObject({ text: '', html: null, headers: null, transport: 'smtp', sensitive: true });
        expect(row.sentAt).toBeInstanceOf(Date);
        // ...and staff below admin cannot open the outbox at all.
        await expect(listOutbox()).rejects.toBeInstanceOf(ForbiddenError);
        await expect(getOutboxMail(row.id)).rejects.toBeInstanceOf(ForbiddenError);
      }
    } finally {
      delete process.env.SMTP_URL;
      actAs(null);
    }
  });
});

describe('the development outbox (no SMTP)', () => {
  it("is for admins only, and an admin does not see another user's reset link; their own, they do", async () => {
    delete process.env.SMTP_URL;
    actAs(null);
    await requestPasswordReset(reader.email, '10.0.0.2');
    await requestPasswordReset(admin.email, '10.0.0.2');
    await settleBackground();
    const readerRow = (await rowsTo(reader.email)).at(-1)!;
    const adminRow = (await rowsTo(admin.email)).at(-1)!;
    expect(readerRow).toMatchObject({ transport: 'outbox', sensitive: true });
    const readerToken = tokenIn(readerRow.text);
    expect(readerToken.length).toBeGreaterThan(20);

    for (const staff of [editor, moderator, reader]) {
      actAs(staff.id);
      await expect(listOutbox()).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getOutboxMail(readerRow.id)).rejects.toBeInstanceOf(ForbiddenError);
    }

    actAs(admin.id);
    const list = await listOutbox({ to: reader.email });
    expect(list.items.map((i) => i.id)).toContain(readerRow.id);
    expect(JSON.stringify(list)).not.toContain(readerToken);
    const shown = (await getOutboxMail(readerRow.id))!;
    expect(shown.redacted).toBe(true);
    expect(shown.text).toContain(REDACTED_LINK);
    expect(JSON.stringify(shown)).not.toContain(readerToken);
    expect(shown.text).not.toMatch(/https?:\/\//);

    const own = (await getOutboxMail(adminRow.id))!;
    expect(own.redacted).toBe(false);
    expect(own.text).toContain(`token=${encodeURIComponent(tokenIn(adminRow.text))}`);
    actAs(null);
  });
});

describe('a banned admin', () => {
  it('reads no outbox: the one staff gate (requireStaff) checks the ban too', async () => {
    const banned = await createUser({ email: 'banned@outbox.example.com', name: 'Ban', handle: 'ob_banned', password: PW, role: 'admin' });
    const db = await getDb();
    const [mail] = await db
      .insert(mailOutbox)
      .values({ to: 'x@outbox.example.com', subject: 'Hi', text: 'Hello', transport: 'outbox' })
      .returning();
    await db
      .update(users)
      .set({ bannedUntil: new Date(Date.now() + 86_400_000), banReason: 'stolen account' })
      .where(eq(users.id, banned.id));
    actAs(banned.id);
    try {
      await expect(listOutbox()).rejects.toThrow(/banned/);
      await expect(getOutboxMail(mail.id)).rejects.toThrow(/banned/);
    } finally {
      actAs(null);
    }
  });
});

describe('data migration 0004_mail_outbox_sensitive', () => {
  it('blanks what was stored before the fix: bodies of mail sent over SMTP and of any mail with a secret link', async () => {
    const db = await getDb();
    const link = 'http://localhost:3000/reset-password?token=LEAKEDLEAKEDLEAKEDLEAKED';
    const [smtpRow] = await db
      .insert(mailOutbox)
      .values({
        to: 'old1@outbox.example.com',
        subject: 'Hello',
        text: 'Receipt body',
        html: '<p>Receipt</p>',
        headers: { 'X-A': '1' },
        transport: 'smtp',
      })
      .returning();
    const [secretRow] = await db
      .insert(mailOutbox)
      .values({
        to: 'old2@outbox.example.com',
        subject: 'Reset',
        text: `Choose a new password: ${link}`,
        html: `<a href="${link}">x</a>`,
        transport: 'outbox',
      })
      .returning();
    const [cancelRow] = await db
      .insert(mailOutbox)
      .values({
        to: 'old3@outbox.example.com',
        subject: 'Thanks',
        text: 'Cancel: http://localhost:3000/pledges/abc/SECRETSECRET/cancel',
        transport: 'outbox',
      })
      .returning();
    const [plainRow] = await db
      .insert(mailOutbox)
      .values({
        to: 'old4@outbox.example.com',
        subject: 'Changed',
        text: 'Your password was changed. Reset it: http://localhost:3000/forgot-password',
        transport: 'outbox',
      })
      .returning();
    // One statement at a time (a prepared statement holds one); twice, as it must be idempotent.
    const statements = migrationDataStatements('0004_mail_outbox_sensitive.sql');
    expect(statements.length).toBe(2);
    for (let i = 0; i < 2; i++) for (const st of statements) await db.execute(sql.raw(st));
    const get = async (id: number) => (await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0];
    expect(await get(smtpRow.id)).toMatchObject({ text: '', html: null, headers: null, subject: 'Hello', transport: 'smtp' });
    expect(await get(secretRow.id)).toMatchObject({ text: '', html: null, sensitive: true, subject: 'Reset' });
    expect(await get(cancelRow.id)).toMatchObject({ text: '', sensitive: true });
    expect(await get(plainRow.id)).toMatchObject({ text: plainRow.text, sensitive: false });
    const all = JSON.stringify(await db.select().from(mailOutbox));
    expect(all).not.toContain('LEAKED');
    expect(all).not.toContain('SECRETSECRET');
  });
});
