import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { mailOutbox, notifications, subscriptions } from '@/db/schema';
import { loadThreadPage, postComment } from '@/lib/dal/comments';
import { listSubscriptions, setSubscription, unsubscribeWithToken } from '@/lib/dal/subscriptions';
import { makeArticle, makeUsers, relaxPostingRules } from '@/lib/testing/comment-fixtures';
import { flushIdle, flushNotifications } from './comment-notifications';

afterAll(() => closeDatabase());
beforeAll(relaxPostingRules);

// Posting starts a background flush; on a server database it can hold the rows (SKIP LOCKED) while the
// test's own flush runs, so wait for it before and after.
async function settle() {
  await flushIdle();
  await flushNotifications();
  await flushIdle();
}

describe('subscriptions and notification mail', () => {
  it('mails a reply to a subscriber once per batch window, with one-click unsubscribe', async () => {
    const [alice, bob, carol] = await makeUsers(3);
    const article = await makeArticle();
    await setSubscription(alice, article.id, 'replies');
    expect((await listSubscriptions(alice.id)).map((s) => s.articleId)).toEqual([article.id]);
    const mine = await postComment(alice, { articleId: article.id, body: 'Alice here' });
    await postComment(bob, { articleId: article.id, parentId: mine.id, body: `Hi @${carol.handle}, look` });
    await settle();
    const db = await getDb();
    const toAlice = await db.select().from(mailOutbox).where(eq(mailOutbox.to, alice.email));
    expect(toAlice).toHaveLength(1);
    expect(toAlice[0].subject).toMatch(/reply/i);
    expect(toAlice[0].headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(toAlice[0].headers?.['List-Unsubscribe']).toMatch(/\/api\/comments\/unsubscribe\?token=/);
    const toCarol = await db.select().from(mailOutbox).where(eq(mailOutbox.to, carol.email));
    expect(toCarol[0].subject).toMatch(/mentioned you/);

    // A second reply within the window waits for the next batch.
    await postComment(carol, { articleId: article.id, parentId: mine.id, body: 'Me too' });
    await settle();
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, alice.email))).toHaveLength(1);
    const pending = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, alice.id), sql`${notifications.sentAt} is null`));
    expect(pending).toHaveLength(1);
    await flushIdle();
    await flushNotifications(new Date(Date.now() + 6 * 60_000));
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.to, alice.email))).toHaveLength(2);

    const token = decodeURIComponent(/\/unsubscribe\/(\S+)/.exec(toAlice[0].text)![1]);
    expect(await unsubscribeWithToken(token)).toBe(true);
    expect(await unsubscribeWithToken(token)).toBe(false);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.userId, alice.id))).toHaveLength(0);
  });

  it('does not notify a mention when the user turned mentions off', async () => {
    const [author] = await makeUsers(1);
    const [quiet] = await makeUsers(1, { notificationPrefs: { mentions: false, replies: true } });
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: `Hello @${quiet.handle}` });
    const rows = await (await getDb()).select().from(notifications).where(eq(notifications.commentId, c.id));
    expect(rows).toHaveLength(0);
    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads[0].bodyHtml).toContain(`<a href="/u/${quiet.handle}" class="mention">@${quiet.handle}</a>`);
  });
});
