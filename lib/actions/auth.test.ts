/**
 * Account enumeration (issue #9): sign-up, password reset and magic-link requests answer the same way for
 * an address with an account and one without, and do the slow, revealing work (lookup, token, mail) only
 * after the answer.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { authTokens, mailOutbox, users } from '@/db/schema';
import { settleBackground } from '@/lib/mail/background';
import type { ActionState } from './state';
import { formData as form } from '@/lib/testing/forms';

// A mail server we can hold: sendMail (and Auth.js's magic-link sign-in) wait until the gate opens.
const gate = vi.hoisted(() => {
  const g = {
    entered: 0,
    onEnter: [] as (() => void)[],
    release: () => {},
    closed: Promise.resolve() as Promise<void>,
    close() {
      g.closed = new Promise<void>((r) => {
        g.release = r;
      });
    },
    /** Resolves the next time slow mail work starts. */
    started(): Promise<'mail started'> {
      return new Promise((r) => g.onEnter.push(() => r('mail started')));
    },
    async pass() {
      g.entered++;
      g.onEnter.splice(0).forEach((f) => f());
      await g.closed;
    },
  };
  return g;
});
vi.mock('@/lib/mail', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/mail')>();
  return {
    ...real,
    sendMail: async (m: Parameters<typeof real.sendMail>[0]) => {
      await gate.pass();
      return real.sendMail(m);
    },
  };
});
const magicCalls = vi.hoisted(() => [] as string[]);
vi.mock('@/lib/auth', async () => ({
  ...(await import('@/lib/testing/fake-auth')),
  signIn: async (_provider: string, opts: { email: string }) => {
    await gate.pass();
    magicCalls.push(opts.email);
  },
}));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'next-action': 'test', 'user-agent': 'vitest' }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));

const { signUpAction, forgotPasswordAction, magicLinkAction } = await import('./auth');
const { createUser } = await import('@/lib/dal/users');

afterAll(() => closeDatabase());

const PW = 'correct-horse-battery';

/** The answer with the address typed replaced, so answers for two addresses can be compared. */
function shape(state: ActionState, email: string) {
  return JSON.parse(JSON.stringify(state).split(email).join('<address>'));
}

/** Which comes first: the action's answer, or the start of the slow mail work. */
async function firstOf(action: Promise<ActionState>): Promise<{ first: string; state: ActionState }> {
  const first = await Promise.race([action.then(() => 'answered' as const), gate.started()]);
  gate.release();
  return { first, state: await action };
}

async function mailsTo(address: string) {
  return (await getDb()).select().from(mailOutbox).where(eq(mailOutbox.to, address));
}

describe('sign-up', () => {
  it('answers a new and an already registered address identically and mails the existing owner instead', async () => {
    const owner = await createUser({ email: 'taken@act.example.com', name: 'Owner', handle: 'act_owner1', password: PW });
    const fresh = await signUpAction(
      { ok: false },
      form({ email: 'fresh@act.example.com', name: 'Fresh', handle: 'act_fresh_one', password: PW }),
    );
    const again = await signUpAction(
      { ok: false },
      form({ email: 'Taken@Act.Example.com', name: 'Mallory', handle: 'act_mallory1', password: PW }),
    );
    expect(fresh.ok).toBe(true);
    expect(shape(again, 'taken@act.example.com')).toEqual(shape(fresh, 'fresh@act.example.com'));
    await settleBackground();
    // Nothing was created for the second attempt; the owner learns of it, with no verification link.
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.handle, 'act_mallory1'))).toHaveLength(0);
    const toOwner = await mailsTo(owner.email);
    expect(toOwner.map((m) => m.subject)).toEqual([expect.stringMatching(/someone tried to create/i)]);
    expect(toOwner[0].text).toMatch(/sign in/i);
    expect(toOwner[0].text).toMatch(/reset your password|forgot-password/i);
    expect(toOwner[0].text).not.toMatch(/token=/);
    expect((await mailsTo('fresh@act.example.com')).map((m) => m.subject)).toEqual([expect.stringMatching(/verify/i)]);
  });
});

describe('password reset request', () => {
  it('answers known and unknown addresses identically, before any token or mail is made', async () => {
    const known = await createUser({ email: 'known@act.example.com', name: 'Known', handle: 'act_known1', password: PW });
    gate.close();
    const a = await firstOf(forgotPasswordAction({ ok: false }, form({ email: 'known@act.example.com' })));
    expect(a.first).toBe('answered');
    await settleBackground(); // a's mail goes out before b's race starts
    gate.close();
    const b = await firstOf(forgotPasswordAction({ ok: false }, form({ email: 'unknown@act.example.com' })));
    expect(b.first).toBe('answered');
    expect(shape(a.state, 'known@act.example.com')).toEqual(shape(b.state, 'unknown@act.example.com'));
    expect(a.state.ok).toBe(true);
    // The slow part ran after the answer: now the link is out, for the known address only.
    await settleBackground();
    expect((await mailsTo('known@act.example.com')).map((m) => m.subject)).toEqual([expect.stringMatching(/reset/i)]);
    expect(await mailsTo('unknown@act.example.com')).toHaveLength(0);
    const tokens = await (await getDb()).select().from(authTokens).where(eq(authTokens.userId, known.id));
    expect(tokens.filter((t) => t.purpose === 'reset_password')).toHaveLength(1);
  });

  it('keeps the per-address mail limit', async () => {
    await createUser({ email: 'flood@act.example.com', name: 'Flood', handle: 'act_flood1', password: PW });
    const answers: ActionState[] = [];
    for (let i = 0; i < 6; i++) answers.push(await forgotPasswordAction({ ok: false }, form({ email: 'flood@act.example.com' })));
    await settleBackground();
    expect(answers.slice(0, 5).every((s) => s.ok)).toBe(true);
    expect(answers[5]).toMatchObject({ ok: false, message: expect.stringMatching(/try again/i) });
    expect(await mailsTo('flood@act.example.com')).toHaveLength(5);
  });
});

describe('magic-link request', () => {
  it('answers known and unknown addresses identically; the sign-in link is made after the answer', async () => {
    await createUser({ email: 'magic@act.example.com', name: 'Magic', handle: 'act_magic1', password: PW });
    magicCalls.length = 0;
    gate.close();
    const a = await firstOf(magicLinkAction({ ok: false }, form({ email: 'magic@act.example.com' })));
    await settleBackground();
    gate.close();
    const b = await firstOf(magicLinkAction({ ok: false }, form({ email: 'nobody-here@act.example.com' })));
    expect([a.first, b.first]).toEqual(['answered', 'answered']);
    expect(shape(a.state, 'magic@act.example.com')).toEqual(shape(b.state, 'nobody-here@act.example.com'));
    await settleBackground();
    expect(magicCalls.sort()).toEqual(['magic@act.example.com', 'nobody-here@act.example.com']);
  });
});
