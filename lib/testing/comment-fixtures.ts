/**
 * For the comments tests (lib/dal/comments/*.test.ts, lib/mail/comment-notifications.test.ts): readers,
 * a public article and site settings, in a database other test files may share (TEST_DATABASE_URL), so
 * every name carries this run's random key.
 */
import { getDb } from '@/db/client';
import { articles, settings, users, type User } from '@/db/schema';
import { toViewer, type Viewer } from '@/lib/dal/session';

export const run = Math.random().toString(36).slice(2, 8);
let n = 0;

/** A key no other row of this run has (`<run>-<n>`). */
export const uniqueKey = () => `${run}-${++n}`;

export async function makeUsers(count: number, extra: Partial<typeof users.$inferInsert> = {}): Promise<Viewer[]> {
  const db = await getDb();
  const rows = Array.from({ length: count }, () => {
    const k = `${run}${++n}`;
    return { email: `c${k}@example.com`, handle: `c${k}`, name: `Reader ${k}`, emailVerified: new Date(), ...extra };
  });
  const inserted = await db.insert(users).values(rows).returning();
  return inserted.map((u: User) => toViewer(u));
}

/** A published article, open to comments, an hour old. */
export async function makeArticle(extra: Partial<typeof articles.$inferInsert> = {}) {
  const db = await getDb();
  const k = uniqueKey();
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

export async function setSetting(key: string, value: unknown) {
  const db = await getDb();
  await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

/** Most tests post several comments per user at once (the interval has its own test), and no first comment is held. */
export async function relaxPostingRules() {
  await setSetting('commentIntervalSeconds', 0);
  await setSetting('holdFirstComment', false);
}
