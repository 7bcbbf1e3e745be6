/**
 * The one action wrapper, with real accounts on a real database (only next-auth's auth() is replaced): who may
 * call, what a refused form gets back, what never reaches the browser, and what a post without JavaScript keeps.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { closeDatabase, getDb } from '@/db/client';
import { users, type Role } from '@/db/schema';
import { actAs } from '@/lib/testing/fake-auth';
import { UserError } from '@/lib/errors';
import { assertVerified } from '@/lib/dal/session';
import { OUTAGE_MAYBE_SAVED, OUTAGE_TEXT } from '@/lib/outage';
import { formData as form, redirectOf } from '@/lib/testing/forms';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
let javascript = true;
const cookiesSet: { name: string; value: string }[] = [];
vi.mock('next/headers', () => ({
  headers: async () => new Headers(javascript ? { 'next-action': 'test' } : {}),
  cookies: async () => ({ get: () => undefined, set: (name: string, value: string) => cookiesSet.push({ name, value }) }),
}));

const { action } = await import('./safe-action');

afterAll(() => closeDatabase());
beforeEach(() => {
  javascript = true;
  cookiesSet.length = 0;
  actAs(null);
});

async function user(role: Role = 'reader', extra: Partial<typeof users.$inferInsert> = {}) {
  const k = randomUUID().slice(0, 8);
  const [u] = await (
    await getDb()
  )
    .insert(users)
    .values({ email: `w${k}@example.com`, handle: `w${k}`, name: `W ${k}`, role, emailVerified: new Date(), ...extra })
    .returning();
  return u;
}

const schema = z.object({ title: z.string().min(3, 'A title needs three letters.'), password: z.string().optional() });
const calls: string[] = [];
const echo = async (data: z.infer<typeof schema>, ctx: { viewer: { handle: string } | null }) => {
  calls.push(data.title);
  return { ok: true, message: `${ctx.viewer?.handle ?? 'anyone'}: ${data.title}` };
};

describe('who may call', () => {
  const signedIn = action({ access: 'signed-in', schema }, echo);
  // A verified address is the DAL's rule (assertVerified); the wrapper carries its code to the form.
  const verified = action({ access: 'signed-in', schema }, async (data, ctx) => {
    assertVerified(ctx.viewer, 'post titles');
    return echo(data, ctx);
  });
  const staff = action({ access: { permission: 'comments:moderate' }, schema }, echo);

  it('refuses an anonymous caller of a signed-in action, without calling it', async () => {
    calls.length = 0;
    expect(await signedIn(undefined, form({ title: 'Hello' }))).toMatchObject({ ok: false, message: 'Please sign in first.' });
    expect(calls).toEqual([]);
  });

  it('tells an unverified account what it needs a verified address for', async () => {
    actAs((await user('reader', { emailVerified: null })).id);
    expect(await verified(undefined, form({ title: 'Hello' }))).toMatchObject({
      ok: false,
      message: 'Verify your email address to post titles.',
      code: 'unverified',
    });
  });

  it('lets staff with the permission through, and refuses a reader and a banned moderator', async () => {
    const mod = await user('moderator');
    actAs(mod.id);
    expect(await staff(undefined, form({ title: 'Hello' }))).toEqual({ ok: true, message: `${mod.handle}: Hello` });
    actAs((await user('reader')).id);
    expect(await staff(undefined, form({ title: 'Hello' }))).toMatchObject({ ok: false, message: 'You are not allowed to do that.' });
    actAs((await user('moderator', { bannedUntil: new Date(Date.now() + 86_400_000), banReason: 'stolen account' })).id);
    expect(await staff(undefined, form({ title: 'Hello' }))).toMatchObject({ ok: false, message: expect.stringMatching(/banned/) });
  });

  it('sends an anonymous caller to sign in when the action says so', async () => {
    const account = action({ access: 'signed-in', signedOut: { redirect: '/signin?next=/account' }, schema }, echo);
    expect(await redirectOf(account(undefined, form({ title: 'Hello' })))).toBe('/signin?next=/account');
  });
});

describe('what comes back', () => {
  const open = action({ access: 'public', schema }, echo);

  it('a refused form keeps what was typed, never a password, with the problem per field', async () => {
    const r = await open(undefined, form({ title: 'Hi', password: 'hunter2-secret' }));
    expect(r).toEqual({
      ok: false,
      message: 'Please check the form: A title needs three letters.',
      fieldErrors: { title: ['A title needs three letters.'] },
      values: { title: 'Hi' },
    });
  });

  it("the DAL's own message for a refusal it explains, a generic one (and no stack) for a crash", async () => {
    const refusing = action({ access: 'public', schema }, async () => {
      throw new UserError('That name is taken.', 400, { title: ['That name is taken.'] });
    });
    expect(await refusing(undefined, form({ title: 'Taken' }))).toMatchObject({
      ok: false,
      message: 'That name is taken.',
      values: { title: 'Taken' },
    });
    const crashing = action({ access: 'public', schema }, async () => {
      throw new Error('relation "secret_table" does not exist');
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const r = await crashing(undefined, form({ title: 'Crash' }));
    spy.mockRestore();
    expect(r.message).toBe('Something went wrong on our side. Please try again.');
    expect(JSON.stringify(r)).not.toContain('secret_table');
  });

  // Third audit, item 7: a write that lost the database during a restart was answered "Something went wrong".
  it('a database out of reach: what it means for this write, with what was typed, never "Something went wrong"', async () => {
    const { DatabaseUnavailableError } = await import('@/db/resilient');
    const lost = (code: string) => Object.assign(new Error(`connection: ${code}`), { code });
    const failing = (err: unknown) =>
      action({ access: 'public', schema }, async () => {
        throw new Error('Failed query: insert into comments …', { cause: err });
      });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused = await failing(new DatabaseUnavailableError(false, lost('ECONNREFUSED')))(undefined, form({ title: 'Kept' }));
    const broken = await failing(new DatabaseUnavailableError(true, lost('CONNECTION_CLOSED')))(undefined, form({ title: 'Kept' }));
    const unclassified = await failing(lost('57P01'))(undefined, form({ title: 'Kept' }));
    spy.mockRestore();
    expect(refused).toEqual({ ok: false, message: OUTAGE_TEXT, values: { title: 'Kept' } });
    expect(broken).toEqual({ ok: false, message: OUTAGE_MAYBE_SAVED, values: { title: 'Kept' } });
    expect(unclassified).toEqual({ ok: false, message: OUTAGE_MAYBE_SAVED, values: { title: 'Kept' } });
    expect(OUTAGE_TEXT).toMatch(/not saved/);
  });

  it("lets Next's redirect through", async () => {
    const going = action({ access: 'public', schema }, async () => redirect('/elsewhere'));
    expect(await redirectOf(going(undefined, form({ title: 'Away' })))).toBe('/elsewhere');
  });

  it('validates the arguments of a call from a client component, and maps a refusal to its own answer', async () => {
    const vote = action(
      { input: 'args', access: 'public', schema: z.tuple([z.number().int().positive()]), refused: () => 'refused' as const },
      async ([id]) => `voted ${id}`,
    );
    expect(await vote(7)).toBe('voted 7');
    expect(await (vote as (...a: unknown[]) => Promise<string>)('7; drop table')).toBe('refused');
  });
});

describe('a post without JavaScript', () => {
  const kept = action({ access: 'public', schema, flash: 'titles', plainPostRedirect: (s) => (s.ok ? null : '/titles#form') }, echo);

  it('keeps the result for the page that follows and goes where that page is', async () => {
    javascript = false;
    expect(await redirectOf(kept(form({ title: 'No' })))).toBe('/titles#form');
    expect(cookiesSet).toHaveLength(1);
    const flashed = JSON.parse(Buffer.from(cookiesSet[0].value, 'base64url').toString('utf8'));
    expect(flashed).toMatchObject({ form: 'titles', state: { ok: false, values: { title: 'No' } } });
  });

  it('with JavaScript answers in place and keeps nothing', async () => {
    expect(await kept(undefined, form({ title: 'No' }))).toMatchObject({ ok: false });
    expect(cookiesSet).toHaveLength(0);
  });
});
