/**
 * The publish job: scheduled articles go public at their time, exactly, on every instance.
 *
 * Public reads (lib/dal/articles.ts) show only status 'published' and never look at the clock, so their
 * cache entries do not depend on time. Each server instance runs this job (registered from
 * instrumentation.ts): a timer set to the next due time (at most CHECK_EVERY_MS away, which doubles as the
 * periodic check that notices articles scheduled on another instance). A tick:
 *  1. flips due articles in one `UPDATE ... WHERE status = 'scheduled' AND published_at <= $now RETURNING`,
 *     so across instances each article is published exactly once (row locks serialize the racing UPDATEs);
 *  2. reads every article published in the window since its previous tick, which includes what another
 *     instance published (that UPDATE has committed by then: ours waited on its row locks), because each
 *     instance has its own Next cache and must invalidate its own entries;
 *  3. dirties the cache tags of those articles through lib/cache-invalidate (front page, listings, feeds,
 *     sitemap, the article, its slug including a cached "not found", author pages).
 */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { asBackgroundWork, getDb, isConnectionError } from '@/db/client';
import { articleAuthors, articles, users } from '@/db/schema';
import { invalidate } from '@/lib/cache-invalidate';
import { TAGS } from '@/lib/cache-tags';
import { now as clockNow } from '@/lib/clock';

/** Upper bound between two ticks when nothing is due sooner. */
export const CHECK_EVERY_MS = 10_000;
/** Published rows are looked for this far back before the previous tick too (clock skew between instances). */
const WINDOW_SLACK_MS = 60_000;

export type PublishedRef = { id: string; slug: string };
export type TickResult = { published: PublishedRef[]; invalidated: PublishedRef[]; nextDueAt: Date | null };
export type ExpireTags = (tags: string[]) => Promise<void> | void;

/** The tags to expire when these articles became public. */
export function tagsForPublished(refs: { id: string; slug: string; authorHandles?: string[] }[]): string[] {
  const tags = new Set<string>([TAGS.articles, TAGS.authors]);
  for (const r of refs) {
    tags.add(TAGS.article(r.id));
    tags.add(TAGS.articleSlug(r.slug));
    // Next's implicit tag for the page at that path (a rendered 404 included).
    tags.add(`_N_T_/article/${r.slug}`);
    for (const h of r.authorHandles ?? []) tags.add(`_N_T_/author/${h}`);
  }
  return [...tags];
}

/** Publishes every due scheduled article; returns what this call published (nothing if another instance did). */
export async function publishDue(at: Date = clockNow()): Promise<PublishedRef[]> {
  const db = await getDb();
  return db
    .update(articles)
    .set({ status: 'published', submittedAt: null })
    .where(and(eq(articles.status, 'scheduled'), lte(articles.publishedAt, at)))
    .returning({ id: articles.id, slug: articles.slug });
}

export type JobState = {
  lastTickAt: number | null;
  seen: Map<string, number>;
  timer: NodeJS.Timeout | null;
  firesAt: number;
  running: Promise<TickResult> | null;
  stopped: boolean;
  nudged: boolean;
};
const STATE = Symbol.for('broadsheet.publish-job');

/** A job's memory: one per server instance (tests make several to play several instances). */
export function newJobState(): JobState {
  return { lastTickAt: null, seen: new Map(), timer: null, firesAt: 0, running: null, stopped: true, nudged: false };
}

function state(): JobState {
  const g = globalThis as { [STATE]?: JobState };
  g[STATE] ??= newJobState();
  return g[STATE];
}

/**
 * One tick of the job (see the top of this file). `expire` dirties cache tags: `invalidate`, except in tests
 * that play several instances, each with its own cache.
 */
export async function publishTick(expire: ExpireTags = invalidate, at: Date = clockNow(), s: JobState = state()): Promise<TickResult> {
  const published = await publishDue(at);
  const db = await getDb();
  const from = new Date((s.lastTickAt ?? at.getTime()) - WINDOW_SLACK_MS);
  const recent = await db
    .select({ id: articles.id, slug: articles.slug })
    .from(articles)
    .where(and(eq(articles.status, 'published'), gt(articles.publishedAt, from), lte(articles.publishedAt, at)));
  const byId = new Map<string, PublishedRef>([...recent, ...published].map((r) => [r.id, r]));
  const fresh = [...byId.values()].filter((r) => !s.seen.has(r.id));
  if (fresh.length) {
    const handles = await db
      .select({ articleId: articleAuthors.articleId, handle: users.handle })
      .from(articleAuthors)
      .innerJoin(users, eq(users.id, articleAuthors.userId))
      .where(
        sql`${articleAuthors.articleId} in (${sql.join(
          fresh.map((r) => sql`${r.id}`),
          sql`, `,
        )})`,
      );
    const refs = fresh.map((r) => ({ ...r, authorHandles: handles.filter((h) => h.articleId === r.id).map((h) => h.handle) }));
    await expire(tagsForPublished(refs));
    for (const r of fresh) s.seen.set(r.id, at.getTime());
  }
  // Forget what has left the window.
  for (const [id, t] of s.seen) if (t < from.getTime() - WINDOW_SLACK_MS) s.seen.delete(id);
  s.lastTickAt = at.getTime();
  const [next] = await db
    .select({ at: sql<string | null>`min(${articles.publishedAt})` })
    .from(articles)
    .where(eq(articles.status, 'scheduled'));
  return { published, invalidated: fresh, nextDueAt: next?.at ? new Date(next.at) : null };
}

/** Milliseconds until the next tick: the next due time, at most CHECK_EVERY_MS, at least 50 ms. */
export function delayUntil(nextDueAt: Date | null, at: Date): number {
  if (!nextDueAt) return CHECK_EVERY_MS;
  return Math.min(CHECK_EVERY_MS, Math.max(50, nextDueAt.getTime() - at.getTime()));
}

let warned = false;

async function loop(): Promise<void> {
  const s = state();
  if (s.stopped) return;
  let delay = CHECK_EVERY_MS;
  s.nudged = false;
  try {
    s.running = publishTick();
    const r = await s.running;
    delay = delayUntil(r.nextDueAt, clockNow());
    warned = false;
  } catch (err) {
    // A database outage: try again at the next check, and say so once (db/client reports the outage itself).
    if (!warned)
      console.error(
        `[publishing] tick failed, retrying every ${CHECK_EVERY_MS / 1000} s: ${isConnectionError(err) ? 'database unreachable' : (err as Error).message}`,
      );
    warned = true;
  } finally {
    s.running = null;
  }
  schedule(s.nudged ? 0 : delay);
}

function schedule(delay: number): void {
  const s = state();
  if (s.stopped) return;
  if (s.timer) clearTimeout(s.timer);
  s.firesAt = Date.now() + delay;
  s.timer = setTimeout(() => void asBackgroundWork(loop), delay);
  s.timer.unref();
}

/** Starts the job in this process (once); the first tick runs at once. */
export function startPublishJob(): void {
  const s = state();
  if (!s.stopped) return;
  s.stopped = false;
  schedule(0);
}

/**
 * After an editor scheduled an article on this instance: tick now, which re-arms the timer for the new
 * due time (other instances notice within CHECK_EVERY_MS). A tick already running ticks once more.
 */
export function nudgePublishJob(): void {
  const s = state();
  if (s.stopped) return;
  s.nudged = true;
  if (!s.running) schedule(0);
}
