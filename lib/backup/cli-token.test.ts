/**
 * The command's way into a running app's backup (POST /api/internal/backup): only a fresh token signed with
 * AUTH_SECRET, once; never a session, a stale or replayed token, a token made with another secret, or anything
 * when the app has no AUTH_SECRET.
 */
import { describe, expect, it, vi } from 'vitest';
import { acceptBackupToken, backupToken } from './cli-token';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

const SECRET = 'a-secret-a-secret-a-secret-a-secret';

describe('backup command token', () => {
  it('is accepted fresh and once, and refused stale, forged, replayed or without a secret', () => {
    const now = Date.now();
    expect(acceptBackupToken(SECRET, backupToken(SECRET, now), now)).toBe(true);
    const once = backupToken(SECRET, now - 1);
    expect(acceptBackupToken(SECRET, once, now)).toBe(true);
    expect(acceptBackupToken(SECRET, once, now), 'replayed').toBe(false);
    expect(acceptBackupToken(SECRET, backupToken(SECRET, now - 5 * 60_000), now), 'stale').toBe(false);
    expect(acceptBackupToken(SECRET, backupToken('another-secret-another-secret', now - 2), now), 'other secret').toBe(false);
    expect(acceptBackupToken(undefined, backupToken(SECRET, now - 3), now), 'no AUTH_SECRET').toBe(false);
    expect(acceptBackupToken(SECRET, 'v1.123.abc', now)).toBe(false);
  });
});

describe('POST /api/internal/backup', () => {
  it('refuses a request without the token, even from a signed-in admin, and streams a backup with it', async () => {
    process.env.AUTH_SECRET = SECRET;
    const { actAs } = await import('@/lib/testing/fake-auth');
    const { getDb } = await import('@/db/client');
    const { users } = await import('@/db/schema');
    const [admin] = await (
      await getDb()
    )
      .insert(users)
      .values({ email: `bk-admin-${Date.now()}@example.com`, handle: `bk-admin-${Date.now()}`, role: 'admin', emailVerified: new Date() })
      .returning();
    actAs(admin.id);
    const { POST } = await import('@/app/api/internal/backup/route');
    const url = 'http://localhost:3000/api/internal/backup';
    expect((await POST(new Request(url, { method: 'POST' }))).status).toBe(401);
    expect((await POST(new Request(url, { method: 'POST', headers: { authorization: 'Bearer nonsense' } }))).status).toBe(401);
    const res = await POST(new Request(url, { method: 'POST', headers: { authorization: `Bearer ${backupToken(SECRET)}` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    // A tar whose first member is the manifest and last the checksums.
    expect(bytes.subarray(0, 11).toString()).toBe('backup.json');
    expect(bytes.includes(Buffer.from('checksums.sha256'))).toBe(true);
  }, 120_000);
});
