/**
 * What a post without JavaScript leaves behind (lib/actions/echo.ts, form-flash.ts): only the form's own
 * fields, each cut to its limit, so a signed-out visitor posting megabytes stores a few kilobytes at most;
 * and the periodic sweep that deletes expired results (lib/jobs/form-flash-sweep.ts), on the app clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { formFlashes } from '@/db/schema';
import { signUpAction } from '@/lib/actions/auth';
import { FLASH_COOKIE, readFlash } from '@/lib/actions/form-flash';
import { setNow } from '@/lib/clock';
import { deleteExpiredFormFlashes, loadFormFlash, saveFormFlash } from '@/lib/dal/form-flashes';
import { ctx, guestFields, rowCount, setUpPledgeFixtures, submit } from '@/lib/dal/pledges/test-fixtures';
import { fakeRequest } from '@/lib/testing/fake-headers';
import { formData } from '@/lib/testing/forms';
import { DISPLAY_NAME_MAX, MESSAGE_MAX } from '@/lib/validation/pledge';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();
afterEach(() => setNow(null));

const TWO_MB = 'A'.repeat(2 * 1024 * 1024);

/** The largest form result stored, in bytes (0: none). */
async function largestRow(): Promise<number> {
  const [row] = await (
    await getDb()
  )
    .select({ n: sql<number>`coalesce(max(octet_length(${formFlashes.payload})), 0)::int` })
    .from(formFlashes);
  return Number(row.n);
}

describe('a signed-out post without JavaScript', () => {
  it('a 2 MB pledge message and 2 MB of fields the form does not have: a few kilobytes kept, the typed text back, capped', async () => {
    fakeRequest.plainFormPost = true;
    const r = await submit({ ...guestFields(), message: TWO_MB, displayName: TWO_MB, junk: TWO_MB, [`x${'y'.repeat(100)}`]: TWO_MB });
    expect(r.redirect).toMatch(/^\/support/);
    expect(await rowCount()).toBe(0);
    const kept = await readFlash('pledge');
    expect(kept?.fieldErrors?.message?.[0]).toMatch(/at most 500 characters \(it has 2,097,152\)/);
    expect(kept?.values?.message).toBe(TWO_MB.slice(0, MESSAGE_MAX));
    expect(kept?.values?.displayName).toBe(TWO_MB.slice(0, DISPLAY_NAME_MAX));
    expect(Object.keys(kept?.values ?? {})).not.toContain('junk');
    expect(fakeRequest.cookies.get(FLASH_COOKIE)!.length).toBeLessThan(4096);
    expect(await largestRow()).toBeLessThan(4096);
    expect(ctx.campaignId).toBeTruthy();
  });

  it('a 2 MB sign-up: nothing big kept either', async () => {
    fakeRequest.plainFormPost = true;
    await signUpAction(undefined, formData({ email: 'nope', name: TWO_MB, handle: TWO_MB, password: 'short', extra: TWO_MB }));
    const kept = await readFlash('signup');
    expect(kept?.values).toEqual({ email: 'nope', name: TWO_MB.slice(0, 80), handle: TWO_MB.slice(0, 30) });
    expect(fakeRequest.cookies.get(FLASH_COOKIE)!.length).toBeLessThan(4096);
    expect(await largestRow()).toBeLessThan(4096);
  });
});

describe('expired form results', () => {
  it('are deleted by the sweep once their 20 seconds are over, whether or not anyone posts again', async () => {
    const old = await saveFormFlash('x'.repeat(5000), 20);
    setNow(new Date(Date.now() + 30_000));
    const fresh = await saveFormFlash('y'.repeat(5000), 20);
    expect(await loadFormFlash(old)).toBeNull();
    expect(await deleteExpiredFormFlashes()).toBeGreaterThanOrEqual(1);
    const ids = (await (await getDb()).select({ id: formFlashes.id }).from(formFlashes)).map((r) => r.id);
    expect(ids).not.toContain(old);
    expect(ids).toContain(fresh);
    setNow(new Date(Date.now() + 60_000));
    await deleteExpiredFormFlashes();
    expect(await largestRow()).toBe(0);
  });

  it('the sweep runs every minute on its own', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    try {
      const id = await saveFormFlash('z'.repeat(5000), 20);
      setNow(new Date(Date.now() + 30_000));
      const { startFormFlashSweep, SWEEP_EVERY_MS } = await import('@/lib/jobs/form-flash-sweep');
      startFormFlashSweep();
      vi.advanceTimersByTime(SWEEP_EVERY_MS);
      await vi.waitFor(async () => {
        const ids = (await (await getDb()).select({ id: formFlashes.id }).from(formFlashes)).map((r) => r.id);
        expect(ids).not.toContain(id);
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
