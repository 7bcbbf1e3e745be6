import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db/client';
import { loadFormFlash, saveFormFlash } from './form-flashes';

afterAll(() => closeDatabase());

describe('form results too large for the flash cookie', () => {
  it('come back whole through the id the cookie holds, and only while fresh', async () => {
    const payload = 'x'.repeat(20_000);
    const id = await saveFormFlash(payload, 20);
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await loadFormFlash(id)).toBe(payload);
    expect(await loadFormFlash(id.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))).toBeNull();
    expect(await loadFormFlash("'; drop table form_flashes; --")).toBeNull();
    const stale = await saveFormFlash('old', 0);
    expect(await loadFormFlash(stale)).toBeNull();
  });
});
