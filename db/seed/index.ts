/**
 * The demo seed: taxonomy, staff and readers, 36 published articles (plus a scheduled one and a draft),
 * comment threads, feedback points, campaigns and pledges, and cover images. The benchmark's 10,000-comment
 * thread only with `bigThread` (`npm run db:seed -- --bench`, which `npm run bench` runs): tests and the demo
 * do without its cost.
 *
 * Idempotent: rows are keyed by slug / email / idempotency key and inserted only when missing; comments
 * only go into an article that has none. Rows that already exist are left as they are (so a re-run keeps
 * publish dates stable and never undoes edits made in the app), except categories and tags, whose names,
 * descriptions and positions are brought back to the seed's. Content is deterministic (seeded PRNG);
 * only dates are relative to the seed time.
 */
import path from 'node:path';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { dataDir, type Db, type DbOrTx } from '../client';
import { articleAuthors, articles, articleTags, categories, comments, feedbackPoints, pledges, tags, users } from '../schema';
import { hashPassword } from '../../lib/auth/password';
import { DEMO_PASSWORD, generatedReaders, STAFF, type SeedUser } from './accounts';
import { heldComments, insertThread, planThread, type PlannedComment } from './comments';
import { buildArticles, CATEGORIES, LONG_THREAD_FEEDBACK, TAGS } from './content';
import { coverAlt, coverPath, ensureCover } from './covers';
import { diskStore, mediaStore } from '../../lib/storage';
import {
  HELD_COMMENTS_SLUG,
  HUNDRED_COMMENTS,
  HUNDRED_SLUG,
  LONG_THREAD_COMMENTS,
  LONG_THREAD_SLUG,
  TEN_THOUSAND_COMMENTS,
  TEN_THOUSAND_SLUG,
  THOUSAND_COMMENTS,
  THOUSAND_SLUG,
} from './fixtures';
import { seedCampaigns } from './pledges';
import { createRng } from './prng';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts';
export * from './fixtures';

export type SeedOptions = {
  /** The seed's notion of "now" (default: the current time). Dates are relative to it. */
  now?: Date;
  /** Where covers/<slug>.webp go (default: <DATA_DIR>/media). */
  mediaDir?: string;
  /** Render missing cover files (default true). */
  covers?: boolean;
  /** Also insert the 10,000-comment thread of TEN_THOUSAND_SLUG, for the benchmark (default false). */
  bigThread?: boolean;
  log?: (message: string) => void;
};

export type SeedResult = {
  durationMs: number;
  /** Milliseconds spent inserting the 10,000-comment thread (0 when it already existed or was not asked for). */
  bigThreadMs: number;
  coversMs: number;
  created: {
    users: number;
    articles: number;
    comments: number;
    feedbackPoints: number;
    campaigns: number;
    pledges: number;
    covers: number;
  };
};

const DAY = 86_400_000;
const MINUTE = 60_000;

export async function seed(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const now = (opts.now ?? new Date()).getTime();
  const log = opts.log ?? (() => {});
  const created = { users: 0, articles: 0, comments: 0, feedbackPoints: 0, campaigns: 0, pledges: 0, covers: 0 };
  let bigThreadMs = 0;
  const seedArticles = buildArticles();

  await db.transaction(async (tx) => {
    await seedTaxonomy(tx);
    const people = [...STAFF, ...generatedReaders()];
    created.users = await seedUsers(tx, people, now);
    const userIds = await idsByEmail(
      tx,
      people.map((u) => u.email),
    );
    const idOf = (handle: string) => userIds.get(people.find((u) => u.handle === handle)!.email.toLowerCase())!;
    log(`users: ${people.length} (${created.users} new)`);

    const categoryIds = new Map(
      (await tx.select({ id: categories.id, slug: categories.slug }).from(categories)).map((c) => [c.slug, c.id]),
    );
    const tagIds = new Map((await tx.select({ id: tags.id, slug: tags.slug }).from(tags)).map((t) => [t.slug, t.id]));
    const categoryName = new Map(CATEGORIES.map((c) => [c.slug, c]));

    // Articles (and their bylines and tags, for the ones created now).
    const inserted = await tx
      .insert(articles)
      .values(
        seedArticles.map((a) => {
          const publishedAt = a.publishedOffsetMs === null ? null : new Date(now + a.publishedOffsetMs);
          const createdAt = new Date((publishedAt?.getTime() ?? now) - DAY);
          const category = categoryName.get(a.category)!;
          return {
            slug: a.slug,
            title: a.title,
            dek: a.dek,
            body: a.body,
            status: a.status,
            publishedAt,
            categoryId: categoryIds.get(a.category)!,
            coverImage: coverPath(a.slug),
            coverAlt: coverAlt(a.title, category.name, a.slug, category.color),
            readingMinutes: a.readingMinutes,
            commentsOpen: true,
            createdBy: idOf(a.authors[0]),
            createdAt,
            updatedAt: publishedAt && publishedAt.getTime() < now ? publishedAt : createdAt,
          };
        }),
      )
      .onConflictDoNothing({ target: articles.slug })
      .returning({ id: articles.id, slug: articles.slug });
    created.articles = inserted.length;
    if (inserted.length) {
      const bySlug = new Map(seedArticles.map((a) => [a.slug, a]));
      await tx
        .insert(articleAuthors)
        .values(
          inserted.flatMap((row) =>
            bySlug.get(row.slug)!.authors.map((handle, position) => ({ articleId: row.id, userId: idOf(handle), position })),
          ),
        )
        .onConflictDoNothing();
      await tx
        .insert(articleTags)
        .values(inserted.flatMap((row) => bySlug.get(row.slug)!.tags.map((tag) => ({ articleId: row.id, tagId: tagIds.get(tag)! }))))
        .onConflictDoNothing();
    }
    log(`articles: ${seedArticles.length} (${created.articles} new)`);
    const articleRows = await tx
      .select({ id: articles.id, slug: articles.slug, publishedAt: articles.publishedAt, status: articles.status })
      .from(articles)
      .where(
        inArray(
          articles.slug,
          seedArticles.map((a) => a.slug),
        ),
      );
    const article = new Map(articleRows.map((a) => [a.slug, a]));

    // Comments. Authors and voters are the generated readers: the named demo accounts start clean.
    const readers = generatedReaders().map((r) => ({ id: userIds.get(r.email.toLowerCase())!, email: r.email, name: r.name }));
    const readerIds = readers.map((r) => r.id);
    const threadWindow = (slug: string, days: number) => {
      const start = article.get(slug)!.publishedAt!.getTime() + 10 * MINUTE;
      return { start: new Date(start), end: new Date(Math.max(start + MINUTE, Math.min(start + days * DAY, now - 5 * MINUTE))) };
    };

    const longThread = article.get(LONG_THREAD_SLUG)!;
    const longPlan = planThread({
      seed: 'thread:long',
      theme: 'local-news',
      total: LONG_THREAD_COMMENTS,
      roots: 64,
      authorIds: readerIds,
      voterIds: readerIds,
      voteRows: true,
      ...threadWindow(LONG_THREAD_SLUG, 5),
    });
    created.comments += await insertThread(tx, longThread.id, longPlan);

    if (opts.bigThread) {
      const t0 = performance.now();
      const bigPlan = planThread({
        seed: 'thread:ten-thousand',
        theme: 'school-week',
        total: TEN_THOUSAND_COMMENTS,
        roots: 2500,
        authorIds: readerIds,
        voterIds: [],
        voteRows: false,
        ...threadWindow(TEN_THOUSAND_SLUG, 4),
      });
      const big = await insertThread(tx, article.get(TEN_THOUSAND_SLUG)!.id, bigPlan);
      if (big) bigThreadMs = performance.now() - t0;
      created.comments += big;
      log(`comments: ${TEN_THOUSAND_SLUG} ${big ? `${big} in ${Math.round(bigThreadMs)} ms` : 'already present'}`);
    }

    // The benchmark's 100- and 1,000-comment threads: 30 % replies, vote counts without vote rows.
    for (const [slug, total] of [
      [HUNDRED_SLUG, HUNDRED_COMMENTS],
      [THOUSAND_SLUG, THOUSAND_COMMENTS],
    ] as const) {
      created.comments += await insertThread(
        tx,
        article.get(slug)!.id,
        planThread({
          seed: `thread:${slug}`,
          theme: 'general',
          total,
          roots: Math.round(total * 0.7),
          authorIds: readerIds,
          voterIds: [],
          voteRows: false,
          ...threadWindow(slug, 3),
        }),
      );
    }

    // Short threads on the other public articles; the hardware-store story also gets troll@'s held comments.
    const trollId = userIds.get('troll@broadsheet.test')!;
    const rng = createRng('threads:small');
    for (const a of seedArticles) {
      if (a.status !== 'published' || [LONG_THREAD_SLUG, TEN_THOUSAND_SLUG, HUNDRED_SLUG, THOUSAND_SLUG].includes(a.slug)) continue;
      const total = a.slug === HELD_COMMENTS_SLUG ? 9 : rng.int(0, 14);
      if (total === 0) continue;
      const window = threadWindow(a.slug, 3);
      const plan: PlannedComment[] = planThread({
        seed: `thread:${a.slug}`,
        theme: 'general',
        total,
        roots: Math.max(1, Math.ceil(total / 2)),
        authorIds: readerIds,
        voterIds: readerIds,
        voteRows: true,
        maxDepth: 3,
        ...window,
      });
      if (a.slug === HELD_COMMENTS_SLUG) plan.push(...heldComments(trollId, window.start));
      created.comments += await insertThread(tx, article.get(a.slug)!.id, plan);
    }
    log(`comments: ${created.comments} new`);

    created.feedbackPoints = await seedFeedbackPoints(tx, longThread.id, idOf('maria-okafor'));
    const c = await seedCampaigns(tx, readers, now);
    created.campaigns = c.campaigns;
    created.pledges = c.pledges;
    log(`campaigns: ${c.campaigns} new, pledges: ${c.pledges} new`);
  });

  const c0 = performance.now();
  if (opts.covers !== false) {
    const store = opts.mediaDir ? diskStore(opts.mediaDir) : mediaStore();
    const queue = seedArticles.slice();
    const worker = async () => {
      for (let a = queue.shift(); a; a = queue.shift()) {
        const category = CATEGORIES.find((c) => c.slug === a!.category)!;
        if (await ensureCover(store, a.slug, category.name, category.color)) created.covers++;
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    log(
      `covers: ${created.covers} rendered into ${store.kind === 's3' ? `the S3 bucket ${process.env.S3_BUCKET}` : path.join(opts.mediaDir ?? path.join(dataDir(), 'media'), 'covers')}`,
    );
  }
  const coversMs = performance.now() - c0;

  return { durationMs: performance.now() - started, bigThreadMs, coversMs, created };
}

async function seedTaxonomy(db: DbOrTx) {
  await db
    .insert(categories)
    .values(CATEGORIES.map(({ slug, name, description, position }) => ({ slug, name, description, position })))
    .onConflictDoUpdate({
      target: categories.slug,
      set: { name: sql`excluded.name`, description: sql`excluded.description`, position: sql`excluded.position` },
    });
  await db
    .insert(tags)
    .values(TAGS)
    .onConflictDoUpdate({ target: tags.slug, set: { name: sql`excluded.name` } });
}

async function idsByEmail(db: DbOrTx, emails: string[]): Promise<Map<string, string>> {
  const lower = emails.map((e) => e.toLowerCase());
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(sql`lower(${users.email})`, lower));
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
}

/** Inserts missing users; the password is hashed once (argon2 is slow) and only if someone is missing. */
async function seedUsers(db: DbOrTx, people: SeedUser[], now: number): Promise<number> {
  const existing = await idsByEmail(
    db,
    people.map((u) => u.email),
  );
  const missing = people.filter((u) => !existing.has(u.email.toLowerCase()));
  if (!missing.length) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const joined = new Date(now - 90 * DAY);
  const rows = await db
    .insert(users)
    .values(
      missing.map((u) => ({
        email: u.email,
        name: u.name,
        handle: u.handle,
        role: u.role,
        bio: u.bio,
        premoderated: u.premoderated ?? false,
        passwordHash,
        emailVerified: joined,
        createdAt: joined,
        updatedAt: joined,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: users.id });
  return rows.length;
}

/** Two feedback points on the long thread, each quoting a sentence of its body verbatim. */
async function seedFeedbackPoints(db: DbOrTx, articleId: string, createdBy: string): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(feedbackPoints).where(eq(feedbackPoints.articleId, articleId));
  if (n > 0) return 0;
  const rows = LONG_THREAD_FEEDBACK.map(({ paragraph, quote, question }) => {
    const at = paragraph.indexOf(quote);
    if (at < 0) throw new Error(`seed: feedback quote not in its paragraph: ${quote}`);
    return {
      articleId,
      quote,
      question,
      createdBy,
      prefix: paragraph.slice(Math.max(0, at - 30), at),
      suffix: paragraph.slice(at + quote.length, at + quote.length + 30),
    };
  });
  await db.insert(feedbackPoints).values(rows);
  return rows.length;
}

/** Row counts of the seeded tables, for the CLI summary and the tests. */
export async function seedCounts(db: DbOrTx) {
  const one = async (q: Promise<{ n: number }[]>) => (await q)[0].n;
  const publicArticles = and(inArray(articles.status, ['published', 'scheduled']), sql`${articles.publishedAt} <= now()`);
  return {
    users: await one(db.select({ n: count() }).from(users)),
    categories: await one(db.select({ n: count() }).from(categories)),
    tags: await one(db.select({ n: count() }).from(tags)),
    articles: await one(db.select({ n: count() }).from(articles)),
    publicArticles: await one(db.select({ n: count() }).from(articles).where(publicArticles)),
    comments: await one(db.select({ n: count() }).from(comments)),
    pledges: await one(db.select({ n: count() }).from(pledges)),
  };
}
