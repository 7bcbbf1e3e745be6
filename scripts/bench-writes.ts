/**
 * The write half of `npm run bench`: server-side time of posting a comment and casting a vote.
 *
 * Calls the same DAL functions the server actions call (postComment, castVote in lib/dal/comments.ts), in
 * this process, against the benchmark's database (DATA_DIR's PGlite while the server is stopped, or
 * DATABASE_URL), and times each call. That covers what the write costs on the server (validation of the
 * rules, the transaction, the statements, the live-update NOTIFY), but not the HTTP request, the session
 * cookie check nor Next's action plumbing and updateTag, which are the same for every action.
 *
 * Run by scripts/bench.ts as `node --conditions=react-server --import tsx scripts/bench-writes.ts`
 * (react-server: the DAL imports 'server-only'). Prints one JSON line prefixed with RESULT_PREFIX.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { closeDatabase, getDb, queryCount } from '@/db/client';
import { articles, comments, settings, users } from '@/db/schema';
import { THOUSAND_SLUG } from '@/db/seed/fixtures';
import { castVote, postComment } from '@/lib/dal/comments';
import { toViewer } from '@/lib/dal/session';
import { percentile, RESULT_PREFIX } from './bench-lib';
const count = Number(process.env.BENCH_WRITES || 200);
const warmup = 10;

type Timing = { p50: number; p95: number; max: number; n: number; sqlPerWrite: number };
const summary = (ms: number[], statements: number): Timing => ({
  p50: percentile(ms, 50),
  p95: percentile(ms, 95),
  max: Math.max(...ms),
  n: ms.length,
  sqlPerWrite: statements / ms.length,
});

async function main() {
  const db = await getDb();
  // The per-user posting interval (default 15 s) would refuse all but the first post of each of the 40
  // readers; the check itself still runs. The benchmark database is thrown away after the run.
  await db
    .insert(settings)
    .values({ key: 'commentIntervalSeconds', value: 0 })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
  const [article] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, THOUSAND_SLUG));
  if (!article) throw new Error(`no article ${THOUSAND_SLUG}: seed first`);
  const readers = (
    await db
      .select()
      .from(users)
      // The generated readers: verified, not new, not premoderated, each with approved comments already.
      .where(
        and(
          eq(users.role, 'reader'),
          isNotNull(users.emailVerified),
          eq(users.premoderated, false),
          sql`${users.email} like '%@readers.broadsheet.test'`,
        ),
      )
      .orderBy(asc(users.email))
  ).map(toViewer);
  if (readers.length < 5) throw new Error('too few seeded readers');
  const targets = await db
    .select({ id: comments.id, authorId: comments.authorId })
    .from(comments)
    .where(and(eq(comments.articleId, article.id), eq(comments.status, 'approved')))
    .orderBy(asc(comments.id))
    .limit(count + warmup);

  const posts: number[] = [];
  let postStatements = 0;
  let held = 0;
  for (let i = 0; i < count + warmup; i++) {
    const viewer = readers[i % readers.length];
    const q0 = queryCount();
    const t0 = performance.now();
    const r = await postComment(viewer, {
      articleId: article.id,
      // Every third post is a reply, as in the seeded threads.
      parentId: i % 3 === 0 ? targets[i % targets.length].id : undefined,
      body: `Benchmark comment ${i}: the crossing at the school needs a proper light, and soon.`,
    });
    const ms = performance.now() - t0;
    if (r.status !== 'approved') held++;
    if (i >= warmup) {
      posts.push(ms);
      postStatements += queryCount() - q0;
    }
  }

  const votes: number[] = [];
  let voteStatements = 0;
  for (let i = 0; i < count + warmup; i++) {
    const target = targets[i % targets.length];
    // A reader other than the comment's author; each (reader, comment) pair votes once, so every call writes.
    let k = i;
    while (readers[k % readers.length].id === target.authorId) k++;
    const q0 = queryCount();
    const t0 = performance.now();
    await castVote(readers[k % readers.length], target.id, i % 4 === 3 ? -1 : 1);
    const ms = performance.now() - t0;
    if (i >= warmup) {
      votes.push(ms);
      voteStatements += queryCount() - q0;
    }
  }
  console.log(RESULT_PREFIX + JSON.stringify({ comment: summary(posts, postStatements), vote: summary(votes, voteStatements), held }));
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeDatabase();
    // The comment notification flusher keeps a timer; the figures are printed, so leave now.
    process.exit();
  });
