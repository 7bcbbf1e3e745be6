/**
 * The comments' word filter (findWords) guards every other public text too: a pledge's message and display
 * name, a profile's name, bio and handle, and the name and handle chosen at sign-up. Each is tried with the
 * disguises the third audit used, through the action a browser posts to; nothing disguised gets stored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { pledges, users } from '@/db/schema';
import { updateProfileAction } from '@/lib/actions/account';
import { signUpAction } from '@/lib/actions/auth';
import { setSetting } from '@/lib/testing/comment-fixtures';
import { formData } from '@/lib/testing/forms';
import { ctx, guestFields, makeCampaign, rowCount, setUpPledgeFixtures, submit } from './pledges/test-fixtures';
import { actAsViewer, reader } from './pledges/test-people';
import { uniqueHandle } from './users';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();
beforeAll(() => setSetting('bannedWords', ['scumbucket']));
afterAll(() => setSetting('bannedWords', ['slurword', 'kill yourself']));

/** The audit's disguises of "scumbucket", inside an ordinary sentence or name. */
const evasions: [string, string][] = [
  ['plain', 'Ada scumbucket'],
  ['spaced letters', 'Ada s c u m b u c k e t'],
  ['zero-width space', 'Ada scum\u200bbucket'],
  ['soft hyphen', 'Ada scum\u00adbucket'],
  ['combining mark', 'Ada scu\u0301mbucket'],
  ['$ and leetspeak', 'Ada $cumbuck3t'],
  ['Cyrillic lookalikes', 'Ada \u0455cumbu\u0441ket'],
  ['fullwidth letters', 'Ada \uff53\uff43\uff55\uff4d\uff42\uff55\uff43\uff4b\uff45\uff54'],
  ['Markdown split', 'Ada scum**bucket**'],
];

/** The same for a handle; the disguises a handle's characters cannot carry are refused by its syntax. */
const handleEvasions: [string, string][] = [
  ['plain', 'scumbucket'],
  ['hyphenated letters', 's-c-u-m-b-u-c-k-e-t'],
  ['underscore', 'scum_bucket'],
  ['hyphen', 'scum-bucket'],
  ['leetspeak', '5cumbuck3t'],
  ...evasions.slice(2).map(([name, text]): [string, string] => [name, text.replace('Ada ', '')]),
];

const FILTERED = /contains a word we don’t publish/;

describe('a pledge', () => {
  for (const field of ['message', 'displayName'] as const) {
    it.each(evasions)(`refuses a ${field} with a banned word (%s) and stores nothing`, async (_name, text) => {
      const r = await submit(guestFields({ [field]: text }));
      expect(r.redirect).toBeUndefined();
      expect(r.fieldErrors?.[field]?.[0]).toMatch(FILTERED);
      // The typed text comes back, so the pledger can rephrase it.
      expect(r.values?.[field]).toBe(text);
      expect(await rowCount()).toBe(0);
    });
  }

  it('takes clean text, and sends a message with a suspect word to staff before the donor wall', async () => {
    await setSetting('suspectWords', ['scam']);
    ctx.campaignId = await makeCampaign({ publishMessagesAtOnce: true });
    const clean = await submit(guestFields({ displayName: 'Scampi Lover', message: 'Keep up the good work!' }));
    const suspect = await submit(guestFields({ displayName: 'Ada', message: 'This paper is a \u0455cam' }));
    expect([clean.redirect, suspect.redirect]).toEqual(['/pledges/thanks', '/pledges/thanks']);
    const rows = await (await getDb()).select().from(pledges).where(eq(pledges.campaignId, ctx.campaignId));
    expect(rows.map((p) => [p.displayName, p.messageStatus]).sort()).toEqual([
      ['Ada', 'pending'],
      ['Scampi Lover', 'approved'],
    ]);
  });
});

describe('a profile', () => {
  const current = async () => (await (await getDb()).select().from(users).where(eq(users.id, reader.id)))[0];
  const save = (over: Record<string, string>) => {
    actAsViewer(reader);
    return updateProfileAction(undefined, formData({ name: 'Reader', handle: `reader-${reader.id.slice(-8)}`, bio: '', ...over }));
  };

  for (const field of ['name', 'bio'] as const) {
    it.each(evasions)(`refuses a ${field} with a banned word (%s)`, async (_name, text) => {
      const before = await current();
      const r = await save({ [field]: text });
      expect(r.ok).toBe(false);
      expect(r.fieldErrors?.[field]?.[0]).toMatch(FILTERED);
      expect(r.values?.[field]).toBe(text);
      expect(await current()).toMatchObject({ name: before.name, bio: before.bio });
    });
  }

  it.each(handleEvasions)('refuses a handle with a banned word (%s)', async (_name, handle) => {
    const before = await current();
    const r = await save({ handle });
    expect(r.ok).toBe(false);
    expect(r.fieldErrors?.handle?.length).toBeGreaterThan(0);
    expect((await current()).handle).toBe(before.handle);
  });

  it('saves clean text', async () => {
    const r = await save({ name: 'Scunthorpe Reader', bio: 'I read the Broadsheet every morning.' });
    expect(r).toMatchObject({ ok: true });
    expect(await current()).toMatchObject({ name: 'Scunthorpe Reader', bio: 'I read the Broadsheet every morning.' });
  });
});

describe('sign-up', () => {
  const signUp = (over: Record<string, string>) => {
    actAsViewer(null);
    const k = crypto.randomUUID().slice(0, 8);
    const fields = {
      email: `new-${k}@example.com`,
      name: 'New Reader',
      handle: `new_${k}`,
      password: 'a long unusual passphrase',
      ...over,
    };
    return { email: fields.email, result: signUpAction(undefined, formData(fields)) };
  };
  const exists = async (email: string) => (await (await getDb()).select().from(users).where(eq(users.email, email))).length > 0;

  it.each(evasions)('refuses a name with a banned word (%s) and creates no account', async (_name, name) => {
    const { email, result } = signUp({ name });
    const r = await result;
    expect(r.fieldErrors?.name?.[0]).toMatch(FILTERED);
    expect(await exists(email)).toBe(false);
  });

  it.each(handleEvasions)('refuses a handle with a banned word (%s) and creates no account', async (_name, handle) => {
    const { email, result } = signUp({ handle });
    const r = await result;
    expect(r.fieldErrors?.handle?.length).toBeGreaterThan(0);
    expect(await exists(email)).toBe(false);
  });

  it('a handle made from an address (magic link, OAuth) passes the same filter', async () => {
    expect(await uniqueHandle('scum_bucket@example.com')).not.toMatch(/scum/);
    expect(await uniqueHandle('ada.lovelace@example.com')).toBe('adalovelace');
  });

  it('creates the account for clean text', async () => {
    const { email, result } = signUp({});
    expect(await result).toMatchObject({ ok: true });
    expect(await exists(email)).toBe(true);
  });
});
