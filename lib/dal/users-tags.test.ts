/**
 * Writes that change how a user appears to others (name, handle, bio, picture, role, deletion) dirty the
 * tags of every page that shows them: their profile, the author lists, and the comment thread of every
 * article they commented on. Writes nobody else sees dirty nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { closeDatabase, getDb } from '@/db/client';
import { articles, comments } from '@/db/schema';
import { TAGS } from '@/lib/cache-tags';
import { actAs } from '@/lib/testing/fake-auth';
import { recordInvalidations } from '@/lib/testing/invalidations';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-user-tags-'));

const { deleteMyAccount, removeAvatar, setAvatar, signOutEverywhere, updateNotificationPrefs, updateProfile } =
  await import('./users-account');
const { changeRole, deleteUser } = await import('./admin/users');
const { createUser } = await import('./users');

afterAll(() => closeDatabase());

const PW = 'correct-horse-battery';
const RUN = crypto.randomUUID().slice(0, 8);
let articleIds: string[] = [];

beforeAll(async () => {
  const db = await getDb();
  const rows = await db
    .insert(articles)
    .values([1, 2].map((i) => ({ slug: `tags-${RUN}-${i}`, title: `Tags ${i}`, status: 'published' as const, publishedAt: new Date() })))
    .returning({ id: articles.id });
  articleIds = rows.map((r) => r.id);
});

/** A user who commented on both articles (twice on the first). */
async function commenter(name: string, role: 'reader' | 'admin' = 'reader') {
  const u = await createUser({ email: `${name}-${RUN}@tags.example.com`, name, handle: `${name}_${RUN}`, password: PW, role });
  const db = await getDb();
  await db.insert(comments).values(
    [articleIds[0], articleIds[0], articleIds[1]].map((articleId) => ({
      articleId,
      authorId: u.id,
      body: 'Hello',
      bodyHtml: '<p>Hello</p>',
      status: 'approved' as const,
      contentHash: crypto.randomUUID(),
    })),
  );
  return u;
}

const showing = (userId: string) => [TAGS.user(userId), TAGS.authors, ...articleIds.map((id) => TAGS.comments(id))].sort();

describe('the tags account writes dirty', () => {
  it('profile edits, a new or removed picture, and deleting the account dirty every page that shows the user', async () => {
    const u = await commenter('tagged');
    actAs(u.id);
    expect((await recordInvalidations(() => updateProfile({ name: 'New Name', handle: `renamed_${RUN}`, bio: 'Hi' }))).tags).toEqual(
      showing(u.id),
    );
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#3c3' } })
      .png()
      .toBuffer();
    expect((await recordInvalidations(() => setAvatar(png))).tags).toEqual(showing(u.id));
    expect((await recordInvalidations(() => removeAvatar())).tags).toEqual(showing(u.id));
    expect((await recordInvalidations(() => deleteMyAccount({ currentPassword: PW }))).tags).toEqual(showing(u.id));
    actAs(null);
  });

  it('a refused profile edit and writes nobody else sees dirty nothing', async () => {
    const u = await commenter('quiet');
    const other = await commenter('other');
    actAs(u.id);
    const taken = await recordInvalidations(() => updateProfile({ name: 'X', handle: other.handle, bio: '' }).catch((e: Error) => e));
    expect(taken.result).toMatchObject({ status: 409 });
    expect(taken.tags).toEqual([]);
    expect((await recordInvalidations(() => updateNotificationPrefs({ subscribed: false, replies: true, mentions: true }))).tags).toEqual(
      [],
    );
    expect((await recordInvalidations(() => signOutEverywhere())).tags).toEqual([]);
    actAs(null);
  });

  it('an admin changing a role or deleting an account dirties every page that shows that user', async () => {
    const boss = await createUser({
      email: `boss-${RUN}@tags.example.com`,
      name: 'Boss',
      handle: `boss_${RUN}`,
      password: PW,
      role: 'admin',
    });
    const u = await commenter('managed');
    actAs(boss.id);
    expect((await recordInvalidations(() => changeRole(u.id, 'author'))).tags).toEqual(showing(u.id));
    expect((await recordInvalidations(() => deleteUser(u.id))).tags).toEqual(showing(u.id));
    actAs(null);
  });
});
