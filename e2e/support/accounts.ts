/**
 * Who the e2e specs act as. The seeded demo accounts (DEMO) are shared by specs that only read with them or
 * whose writes no other spec looks at; a spec that posts comments, changes settings or bans someone uses an
 * account no other spec signs in as: a generated reader reserved for it here, or a fresh sign-up (newUser).
 * Spec files run side by side (playwright.config.ts), so this is what keeps them out of each other's way.
 */
import { generatedReaders } from '../../db/seed/accounts';

/** Every seeded demo account shares this password. */
export const DEMO_PASSWORD = 'broadsheet-demo-2026';

export const DEMO = {
  admin: { email: 'admin@broadsheet.test', password: DEMO_PASSWORD },
  editor: { email: 'editor@broadsheet.test', password: DEMO_PASSWORD },
  moderator: { email: 'moderator@broadsheet.test', password: DEMO_PASSWORD },
  author: { email: 'author@broadsheet.test', password: DEMO_PASSWORD },
  reader: { email: 'reader@broadsheet.test', password: DEMO_PASSWORD },
  reader2: { email: 'reader2@broadsheet.test', password: DEMO_PASSWORD },
  /** Reserved for admin-moderation.spec: it gets a comment held, approved, then a 1-day ban. */
  troll: { email: 'troll@broadsheet.test', password: DEMO_PASSWORD },
} as const;

const readers = generatedReaders();
const reader = (i: number) => readers[i].email;

/** Generated readers (verified, password DEMO_PASSWORD), each signed in as by one spec only. */
export const RESERVED = {
  /** auth.spec: a reader whose profile and comments are looked at. */
  authCommenter: readers[0],
  /** comments-nojs.spec: the writer, the held poster and the replier. */
  nojs: { writer: reader(30), held: reader(31), replier: reader(32) },
  /** comments.spec: one reader per role in its tests, so no two posts of one user race the posting interval. */
  comments: {
    first: reader(20),
    second: reader(21),
    subscriber: reader(22),
    answerer: reader(23),
    inline: reader(24),
    held: reader(25),
    liveA: reader(26),
    liveB: reader(27),
    liveReplier: reader(34),
    nojsWriter: reader(29),
    nojsReplier: reader(19),
  },
  /** inline-comments.spec: the reader who answers a feedback point. */
  inline: reader(28),
  /** cache-invalidation.spec: posts the comment whose page it follows. */
  cache: reader(36),
  /** live-comments.spec: the poster (its readers are anonymous). */
  live: reader(38),
} as const;

export const NEW_USER_PASSWORD = 'plum-orchard-lantern-7';

export type NewUser = { email: string; name: string; handle: string; password: string };

let counter = 0;
/** A unique suffix for titles, bodies and addresses: specs run side by side and again on the same database. */
export function stamp(): string {
  return `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Details for an account nobody has signed up with yet. */
export function newUser(prefix: string): NewUser {
  const id = stamp();
  return { email: `${prefix}-${id}@example.test`, name: `${prefix} ${id}`, handle: `${prefix}_${id}`, password: NEW_USER_PASSWORD };
}
