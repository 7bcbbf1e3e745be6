/**
 * Moderation, bans and settings through the real DAL on a real database. Only next-auth's auth() is
 * replaced: it returns the token of a real user, so session versions and bans are checked for real.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actAs } from '@/lib/testing/fake-auth';
import { and, desc, eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { articles, auditLog, commentEdits, commentFlags, comments, notifications, users, type Role } from '@/db/schema';
import { assertNotBanned, getViewer } from '@/lib/dal/session';
import { siteSettingsFormSchema, banFormSchema } from '@/lib/validation/admin';
import { banUser, editComment, listModerationQueue, moderateComments, rejectComment, setPremoderated, unbanUser } from './moderation';
import { changeRole, deleteUser, forceSignOut, getUserDetail, listUsers } from './users';
import { getAdminSettings, updateSettings } from './settings';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));

afterAll(() => closeDatabase());

const tag = randomUUID().slice(0, 6);
const ids = {} as Record<'moderator' | 'admin' | 'editor' | 'troll' | 'flagger', string>;
let articleId = '';

async function makeUser(name: string, role: Role) {
  const db = await getDb();
  const [u] = await db
    .insert(users)
    .values({ email: `${name}-${tag}@example.com`, handle: `${name}-${tag}`, name, role, emailVerified: new Date() })
    .returning({ id: users.id });
  return u.id;
}

async function heldComment(body: string, parentId?: number) {
  const db = await getDb();
  const [c] = await db
    .insert(comments)
    .values({
      articleId,
      authorId: ids.troll,
      body,
      bodyHtml: `<p>${body}</p>`,
      status: 'pending',
      parentId: parentId ?? null,
      holdReason: 'It contains a word that needs review (“scam”)',
      contentHash: randomUUID(),
    })
    .returning({ id: comments.id });
  return c.id;
}

async function lastAudit(action: string, entityId: string | number) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId))))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

beforeAll(async () => {
  ids.moderator = await makeUser('mod', 'moderator');
  ids.admin = await makeUser('adm', 'admin');
  ids.editor = await makeUser('ed', 'editor');
  ids.troll = await makeUser('troll', 'reader');
  ids.flagger = await makeUser('flagger', 'reader');
  const db = await getDb();
  const [a] = await db
    .insert(articles)
    .values({ slug: `mod-test-${tag}`, title: 'Moderation test', status: 'published', publishedAt: new Date() })
    .returning({ id: articles.id });
  articleId = a.id;
});

describe('the moderation queue', () => {
  it('shows a held comment with its hold reason, flags, parent and the author’s history; approving publishes it and is audited', async () => {
    const db = await getDb();
    const [parent] = await db
      .insert(comments)
      .values({
        articleId,
        authorId: ids.flagger,
        body: 'The parent comment',
        bodyHtml: '<p>The parent comment</p>',
        status: 'approved',
        contentHash: randomUUID(),
      })
      .returning({ id: comments.id });
    const id = await heldComment('This is a scam', parent.id);
    await db.insert(commentFlags).values({ commentId: id, userId: ids.flagger, reason: 'Spam link' });
    actAs(ids.moderator);
    const queue = await listModerationQueue({ tab: 'pending', user: `troll-${tag}` });
    const item = queue.items.find((i) => i.id === id)!;
    expect(item.holdReason).toMatch(/needs review/);
    expect(item.flags).toMatchObject([{ reason: 'Spam link', by: `flagger-${tag}` }]);
    expect(item.parentBody).toBe('The parent comment');
    expect(item.history).toMatchObject({ pending: 1, approved: 0 });
    const flagged = await listModerationQueue({ tab: 'flagged', articleId });
    expect(flagged.items.map((i) => i.id)).toContain(id);

    const r = await moderateComments([id], 'approve');
    expect(r).toEqual({ articleIds: [articleId], changed: 1 });
    const [row] = await db.select().from(comments).where(eq(comments.id, id));
    expect(row.status).toBe('approved');
    const [a] = await db.select({ n: articles.commentCount }).from(articles).where(eq(articles.id, articleId));
    expect(a.n).toBe(2);
    const [p] = await db.select({ n: comments.replyCount }).from(comments).where(eq(comments.id, parent.id));
    expect(p.n).toBe(1);
    const [flag] = await db.select().from(commentFlags).where(eq(commentFlags.commentId, id));
    expect(flag.resolvedAt).toBeInstanceOf(Date);
    // Approved late, the reply still reaches the author it answers (queued while it was held: nothing).
    const queued = await db
      .select({ userId: notifications.userId, kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.commentId, id));
    expect(queued).toEqual([{ userId: ids.flagger, kind: 'reply' }]);
    const audit = await lastAudit('comment.approve', id);
    expect(audit.actorId).toBe(ids.moderator);
    expect(audit.before).toMatchObject({ status: 'pending' });
    expect(audit.after).toMatchObject({ status: 'approved' });
  });

  it('a rejection keeps the reason the author sees; an edit keeps the earlier text', async () => {
    actAs(ids.moderator);
    const db = await getDb();
    const id = await heldComment('Buy cheap scam pills');
    await rejectComment(id, 'Advertising is not allowed.');
    const [row] = await db.select().from(comments).where(eq(comments.id, id));
    expect(row).toMatchObject({ status: 'trash', rejectReason: 'Advertising is not allowed.' });
    expect((await lastAudit('comment.reject', id)).after).toMatchObject({ rejectReason: 'Advertising is not allowed.' });

    const other = await heldComment('Call me at 555-0100');
    await editComment(other, 'Call me at [number removed]');
    const [edited] = await db.select().from(comments).where(eq(comments.id, other));
    expect(edited.bodyHtml).toContain('[number removed]');
    expect(edited.editedAt).toBeInstanceOf(Date);
    const history = await db.select().from(commentEdits).where(eq(commentEdits.commentId, other));
    expect(history.map((h) => h.body)).toEqual(['Call me at 555-0100']);
  });

  it('bulk actions move several comments at once and audit each one', async () => {
    actAs(ids.moderator);
    const a = await heldComment('Bulk one');
    const b = await heldComment('Bulk two');
    const r = await moderateComments([a, b], 'spam');
    expect(r.changed).toBe(2);
    const spam = await listModerationQueue({ tab: 'spam', articleId });
    expect(spam.items.map((i) => i.id)).toEqual(expect.arrayContaining([a, b]));
    expect((await lastAudit('comment.spam', a)).after).toMatchObject({ status: 'spam' });
    expect((await lastAudit('comment.spam', b)).after).toMatchObject({ status: 'spam' });
    await moderateComments([a, b], 'trash');
    const trash = await listModerationQueue({ tab: 'trash', articleId });
    expect(trash.items.map((i) => i.id)).toEqual(expect.arrayContaining([a, b]));
  });

  it('a reader or an editor cannot moderate', async () => {
    const id = await heldComment('Still waiting');
    actAs(ids.troll);
    await expect(moderateComments([id], 'approve')).rejects.toMatchObject({ name: 'ForbiddenError' });
    actAs(ids.editor);
    await expect(moderateComments([id], 'approve')).rejects.toMatchObject({ name: 'ForbiddenError' });
    actAs(null);
    await expect(moderateComments([id], 'approve')).rejects.toMatchObject({ name: 'UnauthenticatedError' });
  });
});

describe('bans', () => {
  it('a one-day ban ends the user’s sessions; their next comment is refused with the reason and the end time; it is audited', async () => {
    actAs(ids.troll);
    const before = await getViewer();
    expect(before?.id).toBe(ids.troll);

    actAs(ids.moderator);
    const { bannedUntil } = await banUser(ids.troll, 1, 'Repeated personal attacks');
    expect(Math.abs(bannedUntil.getTime() - (Date.now() + 86_400_000))).toBeLessThan(60_000);

    // The token the troll's browser holds carries the old session version: it no longer signs them in.
    const { viewerFromToken } = await import('@/lib/dal/session');
    expect(await viewerFromToken({ uid: ids.troll, sv: before!.sessionVersion })).toBeNull();
    // Signed in again, they are told why and until when (postComment starts with this check).
    actAs(ids.troll);
    const viewer = (await getViewer())!;
    const end = bannedUntil.toISOString().slice(0, 16).replace('T', ' ');
    expect(() => assertNotBanned(viewer)).toThrow(`Your account is banned until ${end} UTC: Repeated personal attacks.`);

    const audit = await lastAudit('user.ban', ids.troll);
    expect(audit.actorId).toBe(ids.moderator);
    expect(audit.before).toMatchObject({ bannedUntil: null });
    expect(audit.after).toMatchObject({ banReason: 'Repeated personal attacks', days: 1, bannedUntil: bannedUntil.toISOString() });

    actAs(ids.moderator);
    await unbanUser(ids.troll);
    actAs(ids.troll);
    const fresh = (await getViewer())!;
    expect(() => assertNotBanned(fresh)).not.toThrow();
  });

  it('refuses an empty reason or an end in the past, in the form schema and in the DAL', async () => {
    const empty = banFormSchema.safeParse({ userId: ids.troll, duration: '1', reason: '  ' });
    expect(empty.success).toBe(false);
    expect(empty.error!.issues[0]).toMatchObject({ path: ['reason'], message: 'Give a reason: the user will see it.' });
    const past = banFormSchema.safeParse({ userId: ids.troll, duration: 'until', until: '2020-01-01T10:00', reason: 'x' });
    expect(past.error!.issues[0]).toMatchObject({ path: ['until'], message: 'The ban must end in the future.' });
    expect(banFormSchema.safeParse({ userId: ids.troll, duration: 'until', until: '9000-01-01T10:00', reason: 'x' }).success).toBe(true);

    actAs(ids.moderator);
    await expect(banUser(ids.troll, new Date(Date.now() - 1000), 'Too late')).rejects.toThrow('The ban must end in the future.');
    await expect(banUser(ids.troll, 1, ' ')).rejects.toThrow(/Give a reason/);
    const db = await getDb();
    const [u] = await db.select().from(users).where(eq(users.id, ids.troll));
    expect(u.bannedUntil).toBeNull();
  });

  it('moderators restrict readers only; admins may restrict staff; nobody themselves', async () => {
    actAs(ids.moderator);
    await expect(banUser(ids.editor, 7, 'No')).rejects.toThrow(/Only an admin/);
    await expect(setPremoderated(ids.moderator, true)).rejects.toThrow(/your own account/);
    await setPremoderated(ids.troll, true);
    actAs(ids.admin);
    const r = await banUser(ids.editor, 'forever', 'Left the newsroom');
    expect(r.bannedUntil.getUTCFullYear()).toBe(9999);
    actAs(ids.editor);
    const editor = (await getViewer())!;
    expect(() => assertNotBanned(editor)).toThrow('Your account is banned permanently: Left the newsroom.');
  });
});

describe('users', () => {
  it('admins change roles, sign users out and delete them; moderators only look', async () => {
    const target = await makeUser('target', 'reader');
    actAs(ids.moderator);
    const found = await listUsers({ q: `target-${tag}` });
    expect(found.items).toMatchObject([{ id: target, comments: 0, pledges: 0 }]);
    expect((await getUserDetail(target)).pledges).toEqual({ pledges: 0 });
    await expect(changeRole(target, 'author')).rejects.toMatchObject({ name: 'ForbiddenError' });

    actAs(ids.admin);
    const db = await getDb();
    const sv = async () => (await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, target)))[0].sv;
    const v0 = await sv();
    await changeRole(target, 'author');
    expect(await sv()).toBe(v0 + 1);
    expect((await lastAudit('user.role', target)).after).toEqual({ role: 'author' });
    await forceSignOut(target);
    expect(await sv()).toBe(v0 + 2);
    await deleteUser(target);
    const [u] = await db.select().from(users).where(eq(users.id, target));
    expect(u.deletedAt).toBeInstanceOf(Date);
    expect(u.email).toMatch(/@deleted\.invalid$/);
    await expect(changeRole(ids.admin, 'reader')).rejects.toThrow(/your own account/);
  });
});

describe('settings', () => {
  it('the form refuses an invalid word list and explains which entry is wrong', () => {
    const base = {
      linkLimit: '2',
      editWindowMinutes: '15',
      maxReplyDepth: '4',
      commentIntervalSeconds: '15',
      newAccountDailyCap: '20',
      paymentInstructions: 'Pay.',
    };
    const long = siteSettingsFormSchema.safeParse({ ...base, bannedWords: `ok\n${'x'.repeat(80)}` });
    expect(long.error!.issues[0]).toMatchObject({ path: ['bannedWords'], message: expect.stringMatching(/too long/) });
    const both = siteSettingsFormSchema.safeParse({ ...base, bannedWords: 'spam', suspectWords: 'Spam' });
    expect(both.error!.issues[0]).toMatchObject({ path: ['suspectWords'], message: expect.stringMatching(/on both lists/) });
    const junk = siteSettingsFormSchema.safeParse({ ...base, suspectWords: '!!!' });
    expect(junk.success).toBe(false);
    const ok = siteSettingsFormSchema.parse({ ...base, bannedWords: 'One\n two ,three', holdFirstComment: 'on' });
    expect(ok.bannedWords).toEqual(['one', 'two', 'three']);
    expect(ok.holdFirstComment).toBe(true);
    expect(ok.notificationBatchMinutes).toBeUndefined();
    expect(siteSettingsFormSchema.parse({ ...base, notificationBatchMinutes: '10' }).notificationBatchMinutes).toBe(10);
    expect(siteSettingsFormSchema.safeParse({ ...base, notificationBatchMinutes: '1.5' }).success).toBe(false);
  });

  it('an admin saves settings (audited, other keys kept); a moderator may not', async () => {
    actAs(ids.moderator);
    await expect(getAdminSettings()).rejects.toMatchObject({ name: 'ForbiddenError' });
    actAs(ids.admin);
    const current = await getAdminSettings();
    const changed = await updateSettings({ linkLimit: current.linkLimit + 1, bannedWords: ['newword'] });
    expect(changed.sort()).toEqual(['bannedWords', 'linkLimit']);
    const after = await getAdminSettings();
    expect(after).toMatchObject({ linkLimit: current.linkLimit + 1, bannedWords: ['newword'], suspectWords: current.suspectWords });
    const db = await getDb();
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'settings.update')).orderBy(desc(auditLog.id)).limit(1);
    expect(audit.before).toMatchObject({ linkLimit: current.linkLimit });
    expect(audit.after).toMatchObject({ linkLimit: current.linkLimit + 1, bannedWords: ['newword'] });
    await expect(updateSettings({ linkLimit: current.linkLimit + 1 })).rejects.toThrow('Nothing changed.');
    // Other test files share a server database: put the settings back.
    await updateSettings({ linkLimit: current.linkLimit, bannedWords: current.bannedWords });
  });
});
