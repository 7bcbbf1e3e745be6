/**
 * Generated comment threads. A thread is planned in memory (tree shape, authors, times, votes), then
 * inserted one depth level at a time in batches, so each reply can point at its parent's and root's id.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { articles, comments, commentVotes } from '../schema';
import { MAX_SEED_DEPTH } from './fixtures';
import { createRng, type Rng } from './prng';
import { escapeUTF8 } from 'entities';

export const BATCH_SIZE = 1000;

/** Same normalization the duplicate check uses: NFKC, lower case, collapsed whitespace. */
export function normalizeCommentBody(body: string): string {
  return body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function contentHash(body: string): string {
  return createHash('sha256').update(normalizeCommentBody(body)).digest('hex');
}

export const escapeHtml = escapeUTF8;

export function plainTextToHtml(body: string): string {
  return `<p>${escapeHtml(body)}</p>`;
}

export type Theme = 'local-news' | 'school-week' | 'general';

const OPENERS: Record<Theme, string[]> = {
  'local-news': [
    'Follow-ups, please.',
    'I would pay for proper coverage of the planning board.',
    'More on schools, less on sport.',
    'I mostly read you on my phone on the bus.',
    'Please keep the comment section civil and I will keep reading.',
    'What I miss most is the court reporting.',
    'Longer investigations, even if there are fewer of them.',
    'I want to know who decided, not just what was decided.',
    'The explainers are the best thing you do.',
    'A weekly round-up of council votes would be great.',
    'Cover the small towns around the city too.',
    'I moved here two years ago and your paper is how I learned the place.',
  ],
  'school-week': [
    'Four days would be a nightmare for working parents.',
    'My kids would love it, obviously.',
    'The district tried this in 2014 and quietly dropped it.',
    'Teachers I know are split down the middle.',
    'Who looks after the children on the fifth day?',
    'The savings figure looks optimistic to me.',
    'Rural districts have done this for years without much fuss.',
    'Test scores are not the only thing that matters.',
    'I drive a school bus and this would change my whole week.',
    'Longer days are hard on the youngest children.',
    'Has anyone asked the students?',
    'As a teacher, I would take a longer day for a real planning day.',
  ],
  general: [
    'Thanks for covering this.',
    'This is the first I have heard of it.',
    'Great reporting, as usual.',
    'I live two streets away and can confirm all of it.',
    'I wish this had been published a month ago.',
    'Interesting piece, but I think it misses something.',
    'Sharing this with my neighbours.',
    'I went to the meeting and it was exactly like this.',
    'Good to see the numbers laid out clearly.',
  ],
};

const MIDDLES = [
  'The details matter more than the headline here.',
  'I have lived here for twenty years and never seen anything like it.',
  'My neighbour said the same thing at the last meeting.',
  'It would help to see the actual figures.',
  'Nobody I know was asked about this.',
  'The timing seems deliberate to me.',
  'I am not convinced the costs are right.',
  'There is a simpler answer nobody wants to say out loud.',
  'Other cities solved this years ago.',
  'I changed my mind after reading the whole piece.',
  'The people most affected are not the ones commenting.',
  'It is worth reading the original documents.',
  'I would like to hear from the people who actually do the work.',
  'This is exactly why local reporting matters.',
  'We should be asking harder questions of the people in charge.',
];

const CLOSERS = [
  'Keep it up.',
  'Would love a follow-up.',
  'Just my two cents.',
  'Curious what others think.',
  'Thanks for reading all of these.',
  'See you at the next meeting.',
  '',
  '',
  '',
];

const REPLY_OPENERS = [
  'Agreed.',
  'I see it differently.',
  'Fair point, but',
  'Exactly this.',
  'Not sure that is right.',
  'Good question.',
  'Same here.',
  'I had the same experience.',
  'Respectfully, no.',
  'This deserves more attention.',
];

function commentBody(rng: Rng, theme: Theme, isReply: boolean): string {
  const parts: string[] = [];
  if (isReply && rng.chance(0.6)) {
    const opener = rng.pick(REPLY_OPENERS);
    parts.push(opener.endsWith(',') || opener.endsWith('but') ? `${opener} ${rng.pick(MIDDLES).toLowerCase()}` : opener);
  } else {
    parts.push(rng.pick(OPENERS[theme]));
  }
  const middles = rng.int(0, 2);
  for (let i = 0; i < middles; i++) parts.push(rng.pick(MIDDLES));
  const closer = rng.pick(CLOSERS);
  if (closer) parts.push(closer);
  return [...new Set(parts)].join(' ');
}

export type PlannedComment = {
  parent: number | null;
  depth: number;
  authorId: string;
  body: string;
  createdAt: Date;
  status: 'approved' | 'pending';
  holdReason?: string;
  upvotes: number;
  downvotes: number;
  replyCount: number;
  /** Voter user ids with their values (only for threads that get vote rows). */
  votes: { userId: string; value: 1 | -1 }[];
};

export type ThreadPlan = {
  seed: string;
  theme: Theme;
  total: number;
  roots: number;
  /** Candidate comment authors. */
  authorIds: string[];
  /** Voters (vote rows are created when voteRows is true). */
  voterIds: string[];
  voteRows: boolean;
  start: Date;
  end: Date;
  maxDepth?: number;
};

/** Plans a thread: `roots` top-level comments, the rest replies nested up to maxDepth. */
export function planThread(p: ThreadPlan): PlannedComment[] {
  const rng = createRng(p.seed);
  const maxDepth = p.maxDepth ?? MAX_SEED_DEPTH;
  const start = p.start.getTime();
  const end = p.end.getTime();
  const span = end - start;
  const nodes: PlannedComment[] = [];
  const make = (parent: number | null, createdAt: number): PlannedComment => ({
    parent,
    depth: parent === null ? 0 : nodes[parent].depth + 1,
    authorId: rng.pick(p.authorIds),
    body: commentBody(rng, p.theme, parent !== null),
    createdAt: new Date(Math.round(createdAt)),
    status: 'approved',
    upvotes: 0,
    downvotes: 0,
    replyCount: 0,
    votes: [],
  });
  // Top-level comments arrive fast at first and then taper off.
  for (let i = 0; i < p.roots; i++) nodes.push(make(null, start + Math.pow(rng.next(), 1.8) * span * 0.85));
  const replyTime = (parent: number) => {
    const at = nodes[parent].createdAt.getTime();
    const room = Math.max(60_000, (end - at) / 2);
    return at + 60_000 + rng.next() * Math.min(10 * 3_600_000, room);
  };
  const addReply = (parent: number) => {
    nodes[parent].replyCount++;
    nodes.push(make(parent, replyTime(parent)));
    return nodes.length - 1;
  };
  // One chain reaching the deepest level, so deep nesting is always present.
  let chain = 0;
  for (let d = 1; d <= maxDepth && nodes.length < p.total; d++) chain = addReply(chain);
  while (nodes.length < p.total) {
    let parent: number;
    do {
      // Half the replies join a recent conversation, the rest answer anything in the thread.
      parent = rng.chance(0.5) ? nodes.length - 1 - rng.int(0, Math.min(20, nodes.length - 1)) : rng.int(0, nodes.length - 1);
    } while (nodes[parent].depth >= maxDepth);
    addReply(parent);
  }
  for (const node of nodes) {
    if (p.voteRows) {
      if (!rng.chance(0.6)) continue;
      const voters = rng.sample(
        p.voterIds.filter((id) => id !== node.authorId),
        rng.int(1, 9),
      );
      for (const userId of voters) {
        const value = rng.chance(0.78) ? 1 : -1;
        node.votes.push({ userId, value });
        if (value === 1) node.upvotes++;
        else node.downvotes++;
      }
    } else if (rng.chance(0.55)) {
      node.upvotes = Math.floor(Math.pow(rng.next(), 2.5) * 40);
      node.downvotes = rng.chance(0.3) ? rng.int(1, 4) : 0;
    }
  }
  return nodes;
}

/**
 * Inserts a planned thread (level by level, BATCH_SIZE rows per statement) and sets the article's
 * comment_count. Does nothing if the article already has comments. Returns the number inserted.
 */
export async function insertThread(db: DbOrTx, articleId: string, nodes: PlannedComment[]): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(comments)
    .where(eq(comments.articleId, articleId));
  if (n > 0) return 0;
  const ids: number[] = new Array(nodes.length);
  const rootOf: number[] = new Array(nodes.length);
  const maxDepth = Math.max(...nodes.map((c) => c.depth));
  for (let depth = 0; depth <= maxDepth; depth++) {
    const level = nodes.map((c, i) => i).filter((i) => nodes[i].depth === depth);
    for (let from = 0; from < level.length; from += BATCH_SIZE) {
      const batch = level.slice(from, from + BATCH_SIZE);
      const rows = await db
        .insert(comments)
        .values(
          batch.map((i) => {
            const c = nodes[i];
            return {
              articleId,
              parentId: c.parent === null ? null : ids[c.parent],
              rootId: c.parent === null ? null : ids[rootOf[c.parent]],
              depth: c.depth,
              authorId: c.authorId,
              body: c.body,
              bodyHtml: plainTextToHtml(c.body),
              status: c.status,
              holdReason: c.holdReason ?? null,
              score: c.upvotes - c.downvotes,
              upvotes: c.upvotes,
              downvotes: c.downvotes,
              replyCount: c.replyCount,
              contentHash: contentHash(c.body),
              createdAt: c.createdAt,
            };
          }),
        )
        .returning({ id: comments.id });
      if (rows.length !== batch.length) throw new Error('seed: comment insert returned an unexpected row count');
      // Postgres returns the rows of a multi-row VALUES insert in order.
      batch.forEach((i, k) => {
        ids[i] = rows[k].id;
        rootOf[i] = nodes[i].parent === null ? i : rootOf[nodes[i].parent!];
      });
    }
  }
  await db
    .update(comments)
    .set({ rootId: comments.id })
    .where(and(eq(comments.articleId, articleId), isNull(comments.parentId)));
  const votes = nodes.flatMap((c, i) =>
    c.votes.map((v) => ({ commentId: ids[i], userId: v.userId, value: v.value, createdAt: c.createdAt })),
  );
  for (let from = 0; from < votes.length; from += BATCH_SIZE) {
    await db
      .insert(commentVotes)
      .values(votes.slice(from, from + BATCH_SIZE))
      .onConflictDoNothing();
  }
  await db
    .update(articles)
    .set({
      commentCount: sql`(select count(*)::int from ${comments} where ${comments.articleId} = ${articleId} and ${comments.status} = 'approved' and ${comments.deletedAt} is null)`,
    })
    .where(eq(articles.id, articleId));
  return nodes.length;
}

/** Comments from troll@ held for moderation, with the reasons the moderation queue shows. */
export function heldComments(trollId: string, start: Date): PlannedComment[] {
  const base = start.getTime();
  const held: [string, string][] = [
    ['This whole store is a scam and anyone who shops there is an idiot.', 'Contains suspect words: scam, idiot'],
    ['Cheap keys here: https://example.com/keys https://example.com/more https://example.com/deals', 'Too many links (3, limit 2)'],
    ['Nobody cares about your hundred-year-old shop. Close it already.', 'Held by a moderator rule: reported by 3 readers'],
  ];
  return held.map(([body, holdReason], i) => ({
    parent: null,
    depth: 0,
    authorId: trollId,
    body,
    createdAt: new Date(base + (i + 1) * 3_600_000),
    status: 'pending',
    holdReason,
    upvotes: 0,
    downvotes: 0,
    replyCount: 0,
    votes: [],
  }));
}
