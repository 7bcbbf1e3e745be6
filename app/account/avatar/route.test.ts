/**
 * The profile picture's route (issue #24, item 8): one size message whether the browser runs JavaScript (JSON)
 * or not (303 back to /account with the result kept for the form), whatever the body's size or encoding; and
 * who may call it (the authorization matrices cover server actions only).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { closeDatabase, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { readFlash } from '@/lib/actions/form-flash';
import { AVATAR_TOO_BIG } from '@/lib/request-limits';
import { actAs } from '@/lib/testing/fake-auth';
import { fakeRequest, resetFakeRequest } from '@/lib/testing/fake-headers';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-avatar-route-'));

const { POST } = await import('./route');

afterAll(() => closeDatabase());
beforeEach(() => {
  resetFakeRequest();
  actAs(null);
});

async function member(extra: Partial<typeof users.$inferInsert> = {}) {
  const k = crypto.randomUUID().slice(0, 8);
  const [u] = await (
    await getDb()
  )
    .insert(users)
    .values({ email: `av${k}@example.com`, handle: `av${k}`, name: 'Av', emailVerified: new Date(), ...extra })
    .returning();
  actAs(u.id);
  return u;
}

const png = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#b91c1c' } })
    .png()
    .toBuffer();

/** A multipart body streamed in 1 MB chunks (no Content-Length), counting what the route read. */
function streamedUpload(totalBytes: number) {
  const boundary = 'x-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  let sent = 0;
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = sent === 0 ? head : Buffer.alloc(Math.min(1024 * 1024, totalBytes - sent));
      if (sent >= totalBytes) return controller.close();
      sent += chunk.length;
      pulled.bytes += chunk.length;
      controller.enqueue(new Uint8Array(chunk));
    },
  });
  return { body, pulled, contentType: `multipart/form-data; boundary=${boundary}` };
}

function request(body: BodyInit, opts: { json?: boolean; contentType?: string; origin?: string; length?: number } = {}) {
  const headers: Record<string, string> = { origin: opts.origin ?? 'http://news.example', host: 'news.example' };
  if (opts.json) headers.accept = 'application/json';
  if (opts.contentType) headers['content-type'] = opts.contentType;
  if (opts.length !== undefined) headers['content-length'] = String(opts.length);
  return new Request('http://news.example/account/avatar', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

const upload = (file: Buffer) => {
  const fd = new FormData();
  fd.append('avatar', new File([new Uint8Array(file)], 'me.png', { type: 'image/png' }));
  return fd;
};

describe('a picture over 5 MB: the same message with and without JavaScript', () => {
  it('50 MB announced by its Content-Length: refused before the body is read', async () => {
    await member();
    const big = streamedUpload(50 * 1024 * 1024);
    const res = await POST(request(big.body, { json: true, contentType: big.contentType, length: 50 * 1024 * 1024 }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, message: AVATAR_TOO_BIG });
    expect(big.pulled.bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('50 MB streamed without a Content-Length: refused once past the limit, with JavaScript (JSON) and without (303 + the form’s message)', async () => {
    await member();
    const withJs = streamedUpload(50 * 1024 * 1024);
    const res = await POST(request(withJs.body, { json: true, contentType: withJs.contentType }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, message: AVATAR_TOO_BIG, fieldErrors: { avatar: ['At most 5 MB.'] } });
    expect(withJs.pulled.bytes).toBeLessThan(8 * 1024 * 1024);

    fakeRequest.plainFormPost = true;
    const plain = streamedUpload(50 * 1024 * 1024);
    const back = await POST(request(plain.body, { contentType: plain.contentType }));
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/account');
    expect(await readFlash('avatar')).toMatchObject({ ok: false, message: AVATAR_TOO_BIG });
  });
});

describe('who may change a picture', () => {
  it('a member uploads one and removes it', async () => {
    const u = await member();
    const res = await POST(request(upload(await png()), { json: true }));
    expect(await res.json()).toEqual({ ok: true, message: 'Your new picture is saved.' });
    const row = async () => (await (await getDb()).select().from(users).where(eq(users.id, u.id)))[0];
    expect((await row()).image).toMatch(/^\/media\/avatars\/.+\.webp$/);
    const fd = new FormData();
    fd.append('remove', '1');
    expect(await (await POST(request(fd, { json: true }))).json()).toMatchObject({ ok: true });
    expect((await row()).image).toBeNull();
  });

  it('signed out: 401 (JSON) or sent to sign in; banned: refused; another site: 403', async () => {
    const res = await POST(request(upload(await png()), { json: true }));
    expect(res.status).toBe(401);
    fakeRequest.plainFormPost = true;
    expect((await POST(request(upload(await png())))).headers.get('location')).toBe('/signin?next=/account');
    fakeRequest.plainFormPost = false;
    await member({ bannedUntil: new Date(Date.now() + 86_400_000), banReason: 'spam' });
    const banned = await POST(request(upload(await png()), { json: true }));
    expect(banned.status).toBe(403);
    expect((await banned.json()).message).toMatch(/banned/);
    await member();
    expect((await POST(request(upload(await png()), { json: true, origin: 'https://evil.example' }))).status).toBe(403);
  });
});
