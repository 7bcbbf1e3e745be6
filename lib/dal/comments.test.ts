import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import {
  articles,
  campaigns,
  comments,
  commentEdits,
  pledges,
  commentFlags,
  commentVotes,
  mailOutbox,
  notifications,
  settings,
  subscriptions,
  users,
  type User,
} from '@/db/schema';
import { toViewer, type Viewer } from './session';
import {
  castVote,
  decodeCursor,
  deleteComment,
  editComment,
  encodeCursor,
  flagComment,
  getCommentContext,
  getOwnCommentBodies,
  getThreadPage,
  hashBody,
  loadReplies,
  loadThreadPage,
  postComment,
  anchorAttached,
} from './comments';
import { NotFoundError } from '@/lib/errors';
import { flushIdle, flushNotifications, listSubscriptions, setSubscription, unsubscribeWithToken } from './subscriptions';

// The cached reads (getThreadPage) run here as plain functions.
vi.mock('next/cache', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/cache')>()),
  cacheTag: () => {},
  cacheLife: () => {},
}));

afterAll(() => closeDatabase());

const run = Math.random().toString(36).slice(2, 8);
let n = 0;

async function makeUsers(count: number, extra: Partial<typeof users.$inferInsert> = {}): Promise<Viewer[]> {
  const db = await getDb();
  const rows = Array.from({ length: count }, () => {
    const k = `${run}${++n}`;
    return { email: `c${k}@example.com`, handle: `c${k}`, name: `Reader ${k}`, emailVerified: new Date(), ...extra };
  });
  const inserted = await db.insert(users).values(rows).returning();
  return inserted.map((u: User) => toViewer(u));
}

async function makeArticle(extra: Partial<typeof articles.$inferInsert> = {}) {
  const db = await getDb();
  const k = `${run}-${++n}`;
  const [a] = await db
    .insert(articles)
    .values({
      slug: `comments-test-${k}`,
      title: `Test ${k}`,
      body: '<p>The council voted on Tuesday to close the old library.</p>',
      status: 'published',
      publishedAt: new Date(Date.now() - 3600_000),
      ...extra,
    })
    .returning();
  return a;
}

async function setSetting(key: string, value: unknown) {
  const db = await getDb();
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

beforeAll(async () => {
  // Most tests post several comments per user at once; the interval has its own test.
  await setSetting('commentIntervalSeconds', 0);
  await setSetting('holdFirstComment', false);
});

describe('votes', () => {
  it('stay exact under 50 concurrent votes, switching and withdrawing', async () => {
    const [author] = await makeUsers(1);
    const voters = await makeUsers(50);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Vote on me' });
    expect(c.status).toBe('approved');

    await Promise.all(voters.map((v) => castVote(v, c.id, 1)));
    const db = await getDb();
    let [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect([row.score, row.upvotes, row.downvotes]).toEqual([50, 50, 0]);

    // 20 switch to down, 10 withdraw, 5 repeat their upvote (no change), all at once.
    await Promise.all([
      ...voters.slice(0, 20).map((v) => castVote(v, c.id, -1)),
      ...voters.slice(20, 30).map((v) => castVote(v, c.id, 0)),
      ...voters.slice(30, 35).map((v) => castVote(v, c.id, 1)),
    ]);
    [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect([row.upvotes, row.downvotes, row.score]).toEqual([20, 20, 0]);
    const [{ total }] = await db
      .select({ total: sql<number>`coalesce(sum(${commentVotes.value}), 0)::int` })
      .from(commentVotes)
      .where(eq(commentVotes.commentId, c.id));
    expect(total).toBe(row.score);
    const [{ count }] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(commentVotes)
      .where(eq(commentVotes.commentId, c.id));
    expect(count).toBe(40);
  });

  it('refuses a vote on your own comment', async () => {
    const [author] = await makeUsers(1);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Mine' });
    await expect(castVote(author, c.id, 1)).rejects.toThrow(/own comment/);
  });
});

describe('keyset paging', () => {
  it('pages through every top-level comment exactly once in each sort, ties included', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const db = await getDb();
    const base = Date.now() - 86_400_000;
    // 37 comments, several sharing a timestamp and a score, inserted out of time order.
    const values = Array.from({ length: 37 }, (_, i) => ({
      articleId: article.id,
      authorId: u.id,
      body: `c${i}`,
      bodyHtml: `<p>c${i}</p>`,
      contentHash: hashBody(`c${i}`),
      createdAt: new Date(base + ((i * 7) % 37) * 1000 - (i % 5 === 0 ? 1000 : 0)),
      score: i % 4,
    }));
    const rows = await db
      .insert(comments)
      .values(values)
      .returning({ id: comments.id, createdAt: comments.createdAt, score: comments.score });
    await db.update(comments).set({ rootId: comments.id }).where(eq(comments.articleId, article.id));

    for (const [sort, cmp] of [
      ['newest', (a: (typeof rows)[0], b: (typeof rows)[0]) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id],
      ['oldest', (a: (typeof rows)[0], b: (typeof rows)[0]) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id],
      ['top', (a: (typeof rows)[0], b: (typeof rows)[0]) => b.score - a.score || b.id - a.id],
    ] as const) {
      const seen: number[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = await loadThreadPage(article.id, sort, after, 10);
        seen.push(...page.threads.map((t) => t.id));
        after = page.next;
        pages++;
      } while (after && pages < 10);
      expect(pages).toBe(4);
      expect(seen).toEqual([...rows].sort(cmp).map((r) => r.id));
    }
  });

  it('puts pinned comments first on the first page of every sort, and only there', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const db = await getDb();
    const base = Date.now() - 86_400_000;
    const rows = await db
      .insert(comments)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          articleId: article.id,
          authorId: u.id,
          body: `p${i}`,
          bodyHtml: `<p>p${i}</p>`,
          contentHash: hashBody(`p${i}`),
          createdAt: new Date(base + i * 60_000),
          score: i,
        })),
      )
      .returning({ id: comments.id });
    await db.update(comments).set({ rootId: comments.id }).where(eq(comments.articleId, article.id));
    // The oldest and lowest-scored one is pinned, and a middle one: neither would lead any sort by itself.
    const pinnedIds = [rows[5].id, rows[0].id];
    await db
      .update(comments)
      .set({ pinned: true })
      .where(sql`${comments.id} in (${rows[0].id}, ${rows[5].id})`);
    for (const sort of ['newest', 'oldest', 'top'] as const) {
      const first = await loadThreadPage(article.id, sort, null, 4);
      expect(first.threads.slice(0, 2).map((t) => t.id)).toEqual(pinnedIds);
      expect(first.threads[0].pinned).toBe(true);
      const seen = first.threads.map((t) => t.id);
      for (let after = first.next; after;) {
        const page = await loadThreadPage(article.id, sort, after, 4);
        seen.push(...page.threads.map((t) => t.id));
        after = page.next;
      }
      expect(seen.filter((id) => pinnedIds.includes(id))).toHaveLength(2);
      expect(new Set(seen).size).toBe(12);
    }
  });

  it('pages replies and nests first replies under each thread', async () => {
    const users2 = await makeUsers(2);
    const article = await makeArticle();
    const root = await postComment(users2[0], { articleId: article.id, body: 'Root' });
    const ids: number[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await postComment(users2[i % 2], { articleId: article.id, parentId: root.id, body: `Reply ${i}` })).id);
    const deep = await postComment(users2[1], { articleId: article.id, parentId: ids[0], body: 'Deeper' });
    const first = await loadReplies(root.id, null);
    expect(first.replies.map((r) => r.id)).toEqual(ids.slice(0, 20));
    expect(first.replies[0].replies.map((r) => r.id)).toEqual([deep.id]);
    const second = await loadReplies(root.id, first.next);
    expect(second.replies.map((r) => r.id)).toEqual(ids.slice(20));
    expect(second.next).toBeNull();

    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads[0].id).toBe(root.id);
    expect(page.threads[0].replyCount).toBe(25);
    expect(page.threads[0].replies).toHaveLength(3);
    expect(page.threads[0].moreReplies).not.toBeNull();
    const [a] = await (await getDb()).select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(a.n).toBe(27);
  });

  it('opens a permalink of a deep comment with the path expanded', async () => {
    const [u1, u2] = await makeUsers(2);
    const article = await makeArticle();
    let parent = await postComment(u1, { articleId: article.id, body: 'Level 0' });
    const chain = [parent.id];
    for (let d = 1; d <= 7; d++) {
      // Siblings first, so the chain is not among the first replies.
      for (let s = 0; s < 4; s++)
        await postComment(d % 2 ? u2 : u1, { articleId: article.id, parentId: parent.id, body: `Sibling ${d}.${s}` });
      parent = await postComment(d % 2 ? u2 : u1, { articleId: article.id, parentId: parent.id, body: `Level ${d}` });
      chain.push(parent.id);
    }
    const ctx = await getCommentContext(chain[7]);
    expect(ctx).not.toBeNull();
    // maxReplyDepth 4: depth 7 is shown from its ancestor at depth 5.
    expect(ctx!.view.id).toBe(chain[5]);
    expect(ctx!.above.map((a) => a.id)).toEqual(chain.slice(0, 5));
    expect(ctx!.view.replies.some((r) => r.id === chain[6])).toBe(true);
    const six = ctx!.view.replies.find((r) => r.id === chain[6])!;
    expect(six.replies.some((r) => r.id === chain[7])).toBe(true);
  });
});

describe('hold rules and safety', () => {
  it('holds suspect words, too many links and banned words, each with its reason', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const a = await postComment(u, { articleId: article.id, body: 'This is a scam.' });
    expect(a.status).toBe('pending');
    expect(a.holdReason).toMatch(/scam/);
    const b = await postComment(u, { articleId: article.id, body: 'See https://a.org https://b.org https://c.org' });
    expect(b.holdReason).toMatch(/3 links/);
    const c = await postComment(u, { articleId: article.id, body: 'You slurword.' });
    expect(c.holdReason).toMatch(/banned list/);
    const ok = await postComment(u, { articleId: article.id, body: 'A fine comment with https://a.org and https://b.org' });
    expect(ok.status).toBe('approved');
    const [row] = await (await getDb()).select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(row.n).toBe(1);
  });

  it('refuses duplicates, posting too fast, closed threads and banned users', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    await postComment(u, { articleId: article.id, body: 'Same  text' });
    await expect(postComment(u, { articleId: article.id, body: 'same text' })).rejects.toThrow(/same comment/);

    await setSetting('commentIntervalSeconds', 15);
    try {
      await expect(postComment(u, { articleId: article.id, body: 'Another one' })).rejects.toThrow(/wait \d+ seconds?/);
    } finally {
      await setSetting('commentIntervalSeconds', 0);
    }

    const closed = await makeArticle({ commentsOpen: false });
    await expect(postComment(u, { articleId: closed.id, body: 'Hello' })).rejects.toThrow(/closed/);

    const [banned] = await makeUsers(1, { bannedUntil: new Date(Date.now() + 86_400_000), banReason: 'spamming' });
    await expect(postComment(banned, { articleId: article.id, body: 'Hello' })).rejects.toThrow(/banned until .*spamming/);
  });

  it('holds a first comment when the setting says so', async () => {
    await setSetting('holdFirstComment', true);
    try {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      const first = await postComment(u, { articleId: article.id, body: 'My very first comment' });
      expect(first.status).toBe('pending');
      expect(first.holdReason).toMatch(/first comment/);
    } finally {
      await setSetting('holdFirstComment', false);
    }
  });

  it('edits within the window keep the history; delete keeps the replies', async () => {
    const [u, other] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(u, { articleId: article.id, body: 'Original' });
    const reply = await postComment(other, { articleId: article.id, parentId: c.id, body: 'A reply' });
    await expect(editComment(other, c.id, 'Hijack')).rejects.toThrow(/your own/);
    await editComment(u, c.id, 'Edited text');
    const db = await getDb();
    const [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect(row.body).toBe('Edited text');
    expect(row.editedAt).not.toBeNull();
    const edits = await db.select().from(commentEdits).where(eq(commentEdits.commentId, c.id));
    expect(edits.map((e) => e.body)).toEqual(['Original']);

    await db
      .update(comments)
      .set({ createdAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(comments.id, c.id));
    await expect(editComment(u, c.id, 'Too late')).rejects.toThrow(/15 minutes/);

    await deleteComment(u, c.id);
    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads[0].deleted).toBe(true);
    expect(page.threads[0].bodyHtml).toBeNull();
    expect(page.threads[0].replies.map((r) => r.id)).toEqual([reply.id]);
    const [a] = await db.select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(a.n).toBe(1);
  });

  it('keeps an inline anchor attached after small edits and detects a removed passage', () => {
    const anchor = { exact: 'voted on Tuesday to close', prefix: 'The council ', suffix: ' the old library.' };
    expect(anchorAttached('<p>The council voted on Tuesday to close the old library.</p>', anchor)).toBe(true);
    expect(anchorAttached('<p>The council voted on Tuesday night to close the old library.</p>', anchor)).toBe(true);
    expect(anchorAttached('<p>Something else entirely.</p>', anchor)).toBe(false);
  });

  it('stores an inline anchor re-described from the article text, whatever context the page sent', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle({
      body: '<p>Intro line.</p>\n<p>The council <em>voted on Tuesday</em> to close the old library.</p>',
    });
    // Context from the page around the body (a feedback panel's text), and no position.
    const c = await postComment(u, {
      articleId: article.id,
      body: 'Inline',
      anchor: {
        exact: 'voted on Tuesday to close',
        prefix: 'Post comment 💬 2 The council ',
        suffix: ' the old library. What do you think?',
      },
    });
    const db = await getDb();
    const [row] = await db.select({ anchor: comments.anchor }).from(comments).where(eq(comments.id, c.id));
    expect(row.anchor).toEqual({
      exact: 'voted on Tuesday to close',
      prefix: 'Intro line.\nThe council ',
      suffix: ' the old library.',
      start: 24,
      end: 49,
    });
    await expect(
      postComment(u, {
        articleId: article.id,
        body: 'Elsewhere',
        anchor: { exact: 'a passage that is not there at all', prefix: '', suffix: '' },
      }),
    ).rejects.toThrow(/no longer in the article/);
  });
});

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
});

describe('reports and mention preferences', () => {
  it('keeps one report per reader per comment, never on your own', async () => {
    const [author, reporter] = await makeUsers(2);
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Report me' });
    await expect(flagComment(author, c.id, 'spam')).rejects.toThrow(/your own/);
    await flagComment(reporter, c.id, 'spam');
    await flagComment(reporter, c.id, 'abuse: rude');
    const rows = await (await getDb()).select().from(commentFlags).where(eq(commentFlags.commentId, c.id));
    expect(rows.map((r) => r.reason)).toEqual(['abuse: rude']);
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

describe('sock puppets: unverified accounts', () => {
  it('cannot vote: ten fresh unverified accounts add no vote to the score', async () => {
    const [author] = await makeUsers(1);
    const puppets = await makeUsers(10, { emailVerified: null });
    const article = await makeArticle();
    const c = await postComment(author, { articleId: article.id, body: 'Popular opinion' });
    const results = await Promise.allSettled(puppets.map((p) => castVote(p, c.id, -1)));
    expect(results.every((r) => r.status === 'rejected' && /Verify your email address to vote/.test(String(r.reason)))).toBe(true);
    const db = await getDb();
    const [row] = await db.select().from(comments).where(eq(comments.id, c.id));
    expect([row.score, row.upvotes, row.downvotes]).toEqual([0, 0, 0]);
    expect(await db.select().from(commentVotes).where(eq(commentVotes.commentId, c.id))).toHaveLength(0);
  });

  it('have their comments held (the default) until a moderator looks, with the reason', async () => {
    const puppets = await makeUsers(3, { emailVerified: null });
    const article = await makeArticle();
    const results = await Promise.all(puppets.map((p, i) => postComment(p, { articleId: article.id, body: `This article is wrong ${i}` })));
    expect(results.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(results[0].holdReason).toMatch(/email address is not verified/);
    const page = await loadThreadPage(article.id, 'newest', null);
    expect(page.threads).toHaveLength(0);
    const [a] = await (await getDb()).select({ n: articles.commentCount }).from(articles).where(eq(articles.id, article.id));
    expect(a.n).toBe(0);
    // A verified reader's comment goes straight through.
    const [real] = await makeUsers(1);
    expect((await postComment(real, { articleId: article.id, body: 'This article is wrong' })).status).toBe('approved');
  });

  it('are refused when the setting says "refuse", and nothing is stored', async () => {
    await setSetting('unverifiedComments', 'refuse');
    try {
      const [puppet] = await makeUsers(1, { emailVerified: null });
      const article = await makeArticle();
      await expect(postComment(puppet, { articleId: article.id, body: 'Buy my stuff' })).rejects.toThrow(
        /Verify your email address to comment/,
      );
      const rows = await (await getDb()).select().from(comments).where(eq(comments.authorId, puppet.id));
      expect(rows).toHaveLength(0);
    } finally {
      await setSetting('unverifiedComments', 'hold');
    }
  });
});

describe('word filters against obfuscation', () => {
  beforeAll(async () => {
    await setSetting('bannedWords', ['slur', 'kill yourself']);
    await setSetting('suspectWords', ['scam', 'idiot']);
  });
  afterAll(async () => {
    await setSetting('bannedWords', ['slurword', 'kill yourself']);
    await setSetting('suspectWords', ['idiot', 'moron', 'scam', 'viagra', 'casino']);
  });

  const evasions: [string, string][] = [
    ['spaced letters', 'you are a s l u r'],
    ['dotted letters', 'you are a s.l.u.r'],
    ['zero-width space', 'you are a sl\u200bur'],
    ['zero-width joiner and soft hyphen', 'you are a s\u200dl\u00adur'],
    ['leetspeak', 'you are a 5lur'],
    ['Cyrillic lookalike', 'you are a \u0455lur'],
    ['fullwidth letters (as before)', 'you are a \uff53\uff4c\uff55\uff52'],
    ['combining accents', 'you are a s\u0301lu\u0308r'],
    ['Markdown split', 'you are a sl**ur**'],
    ['Markdown split inside', 'you are a s*l*ur'],
    ['trailing exclamation (as before; leetspeak must not read "!" as "i")', 'SLUR!'],
    ['phrase in leetspeak', 'k1ll y0urself'],
  ];
  for (const [name, body] of evasions) {
    it(`holds a banned word hidden by ${name}`, async () => {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      const r = await postComment(u, { articleId: article.id, body });
      expect(r.status).toBe('pending');
      expect(r.holdReason).toMatch(/banned list/);
    });
  }

  it('holds a suspect word in Cyrillic and names it', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const r = await postComment(u, { articleId: article.id, body: 'what a \u0455\u0441\u0430m.' });
    expect(r.holdReason).toMatch(/needs review \(“scam”\)/);
  });

  it('still finds a banned word written in another script (as before: the lookalike map must not hide it)', async () => {
    await setSetting('bannedWords', ['slur', 'kill yourself', 'дурак']);
    try {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      expect((await postComment(u, { articleId: article.id, body: 'Ты ДУРАК.' })).holdReason).toMatch(/banned list/);
    } finally {
      await setSetting('bannedWords', ['slur', 'kill yourself']);
    }
  });

  it("lets innocent words that contain a banned word's letters through (Scunthorpe)", async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    for (const body of [
      'The slurry pit overflowed',
      'She is lurking in the stacks',
      'Scampi and chips at the pier',
      'A scamper across the road',
      'Idiotic? No, idiosyncratic.',
      'Skill yourself up in the evening classes',
      'Café crème, naïve façade, Nguyễn Thị',
    ]) {
      const r = await postComment(u, { articleId: article.id, body });
      expect({ body, status: r.status, reason: r.holdReason }).toEqual({ body, status: 'approved', reason: null });
    }
  });
});

describe('duplicates against small disguises', () => {
  const disguises: [string, string][] = [
    ['zero-width characters', 'The mayor\u200b is\u200c lying'],
    ['changed case (as before)', 'THE MAYOR IS LYING'],
    ['extra spaces (as before)', '  The   mayor is\n\n lying '],
    ['a trailing dot', 'The mayor is lying.'],
    ['Markdown emphasis', 'The **mayor** is _lying_'],
  ];
  for (const [name, again] of disguises) {
    it(`refuses a re-post with ${name}`, async () => {
      const [u] = await makeUsers(1);
      const article = await makeArticle();
      await postComment(u, { articleId: article.id, body: 'The mayor is lying' });
      await expect(postComment(u, { articleId: article.id, body: again })).rejects.toThrow(/same comment/);
    });
  }
});

describe('link limit', () => {
  it('counts mailto: links, bare domains and paths toward the limit', async () => {
    const [u] = await makeUsers(1);
    const article = await makeArticle();
    const a = await postComment(u, {
      articleId: article.id,
      body: 'Write to [me](mailto:a@example.org), see example.com/x and www.example.net',
    });
    expect(a.status).toBe('pending');
    expect(a.holdReason).toMatch(/3 links \(more than 2\)/);
    const b = await postComment(u, { articleId: article.id, body: 'cheap-pills.biz cheap-pills.biz/buy and spam@cheap-pills.biz' });
    expect(b.holdReason).toMatch(/3 links/);
    const ok = await postComment(u, { articleId: article.id, body: 'Version 1.2.3 of the plan, e.g. page 4. See example.com' });
    expect(ok.status).toBe('approved');
  });
});

describe('cursors from the address bar', () => {
  const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  it('refuses garbage and tampered cursors with a not-found, never a database error', async () => {
    const article = await makeArticle();
    const bad = [
      'garbage',
      raw(['2026-13-45 25:61:61+00', 1]),
      raw(['2026-02-30 10:00:00+00', 1]),
      raw([99_999_999_999, 1]),
      raw(['x', 1]),
      raw([5, -1]),
      '%%%',
    ];
    for (const c of bad) {
      expect(decodeCursor(c, 'time') ?? decodeCursor(c, 'score')).toBeNull();
      await expect(loadThreadPage(article.id, 'newest', c)).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadThreadPage(article.id, 'top', c)).rejects.toBeInstanceOf(NotFoundError);
      await expect(loadReplies(1, c)).rejects.toBeInstanceOf(NotFoundError);
    }
    // A score cursor is not a date cursor.
    await expect(loadThreadPage(article.id, 'newest', encodeCursor(5, 1))).rejects.toBeInstanceOf(NotFoundError);
    // Real cursors still page.
    expect(decodeCursor(encodeCursor('2026-11-29 05:57:48.123456+00', 7), 'time')).toEqual({ key: '2026-11-29 05:57:48.123456+00', id: 7 });
    expect((await loadThreadPage(article.id, 'top', encodeCursor(3, 1))).threads).toEqual([]);
  });
});

describe('what the cached thread carries', () => {
  it('marks supporters in the cached page itself (badge in the markup), and nobody else', async () => {
    const [fan, other] = await makeUsers(2);
    const article = await makeArticle();
    const db = await getDb();
    const [campaign] = await db
      .insert(campaigns)
      .values({ slug: `fund-${run}-${++n}`, title: 'Fund', goalCents: 100_000 })
      .returning();
    await db.insert(pledges).values({
      campaignId: campaign.id,
      userId: fan.id,
      email: `fan-${run}@example.com`,
      amountCents: 1000,
      currency: 'USD',
      status: 'received',
      idempotencyKey: `k-${run}-${++n}`,
    });
    const top = await postComment(fan, { articleId: article.id, body: 'From a supporter' });
    await postComment(other, { articleId: article.id, body: 'Reply from a reader', parentId: top.id });
    const page = await getThreadPage(article.id, 'newest');
    expect(page.threads[0]).toMatchObject({ authorId: fan.id, supporter: true });
    expect(page.threads[0].replies[0]).toMatchObject({ authorId: other.id, supporter: false });
  });

  it("hands the edit source only of the viewer's own live comments", async () => {
    const [me, other] = await makeUsers(2);
    const article = await makeArticle();
    const mine = await postComment(me, { articleId: article.id, body: 'My **own** words' });
    const gone = await postComment(me, { articleId: article.id, body: 'Soon deleted' });
    const theirs = await postComment(other, { articleId: article.id, body: 'Not mine' });
    await deleteComment(me, gone.id);
    expect(await getOwnCommentBodies(me.id, [mine.id, gone.id, theirs.id])).toEqual({ [mine.id]: 'My **own** words' });
    expect(await getOwnCommentBodies(me.id, [])).toEqual({});
  });
});
