/**
 * The media library's upload route behind a reverse proxy (issue #24, item 9): the server sees its own
 * address in `req.url` (http://127.0.0.1:3000/…), the browser the site's; the redirect after a plain form post
 * is relative, so it lands on the site, and CSP's form-action 'self' lets it through.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { closeDatabase, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { actAs } from '@/lib/testing/fake-auth';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-media-route-'));

const { POST } = await import('./route');

afterAll(() => closeDatabase());

/** A plain form post as it reaches the app behind a proxy: its own address in the URL, the site's in Host and Origin. */
async function postBehindProxy(body: FormData, headers: Record<string, string> = {}) {
  return POST(
    new Request('http://127.0.0.1:3000/admin/media/upload', {
      method: 'POST',
      headers: { origin: 'https://news.example', host: 'news.example', ...headers },
      body,
    }),
  );
}

describe('after a plain form post', () => {
  it('sends the browser back with a relative Location, on success and on a refusal', async () => {
    const k = crypto.randomUUID().slice(0, 8);
    const [author] = await (
      await getDb()
    )
      .insert(users)
      .values({ email: `m${k}@example.com`, handle: `m${k}`, role: 'author', emailVerified: new Date() })
      .returning();
    actAs(author.id);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const fd = new FormData();
    fd.append('file', new File([new Uint8Array(png)], 'lamp.png', { type: 'image/png' }));
    fd.append('alt', 'A lamp');
    const ok = await postBehindProxy(fd);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/admin/media?uploaded=1');

    const empty = new FormData();
    empty.append('alt', 'Nothing');
    const refused = await postBehindProxy(empty);
    expect(refused.headers.get('location')).toBe('/admin/media?error=failed');
    actAs(null);
    expect((await postBehindProxy(fd)).headers.get('location')).toBe('/admin/media?error=signin');
  });
});
