/**
 * The public actions' authorization matrix: every exported server action of lib/actions/*.ts (comments,
 * votes, pledges, account, sign-in/up) called as anonymous, an unverified account, a banned reader, another
 * reader and the owner of the thing acted on, against a real database and the real data access layer. Only
 * next-auth's auth() is replaced (it returns the token of a real user, so session-version and ban checks
 * run for real), plus Next's request-bound helpers that cannot run outside a request.
 *
 * A module without a sibling <name>.authz.ts, or an exported action without a row in it, fails here.
 */
import crypto, { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actAs as actAsUser } from '@/lib/testing/fake-auth';
import { closeDatabase, getDb } from '@/db/client';
import { articles, campaigns, comments, pledges, settings, users } from '@/db/schema';
import { pledgeToken } from '@/lib/dal/pledges';
import { callAction, changedTables, describeOutcome, fingerprint } from '@/lib/testing/authz-matrix';
import { PUBLIC_ROLES, type PublicContext, type PublicRole, type PublicRows } from './public-authz-types';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
vi.mock('next/cache', (importOriginal) => import('@/lib/testing/outside-request').then((m) => m.nextCache(importOriginal)));
vi.mock('next/headers', () => import('@/lib/testing/outside-request').then((m) => m.nextHeaders));

const ACTIONS_DIR = path.join(process.cwd(), 'lib/actions');
/** Tables whose rows a refused call may still change: throttling counters. */
const IGNORED_TABLES = new Set(['rate_limits']);

/** Every 'use server' module of lib/actions (helpers beside them are not endpoints). */
const actionModules = fs
  .readdirSync(ACTIONS_DIR)
  .filter(
    (f) =>
      f.endsWith('.ts') &&
      !f.endsWith('.test.ts') &&
      /^\s*(\/\/.*\n|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(fs.readFileSync(path.join(ACTIONS_DIR, f), 'utf8')),
  )
  .map((f) => f.slice(0, -3))
  .sort();

const ctx = { userIds: {} } as PublicContext;
let savedSettings: (typeof settings.$inferSelect)[] = [];

beforeAll(async () => {
  const db = await getDb();
  savedSettings = await db.select().from(settings);
  // Every identity posts within seconds of the last; the interval and first-comment hold have their own tests.
  for (const [key, value] of [
    ['commentIntervalSeconds', 0],
    ['holdFirstComment', false],
  ] as const) {
    await db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
  }
  const tag = randomUUID().slice(0, 6);
  const make = async (role: Exclude<PublicRole, 'anonymous'>, extra: Partial<typeof users.$inferInsert> = {}) => {
    const [u] = await db
      .insert(users)
      .values({
        email: `pm-${role}-${tag}@example.com`,
        handle: `pm-${role}-${tag}`,
        name: `Public ${role}`,
        role: 'reader',
        emailVerified: new Date(),
        ...extra,
      })
      .returning({ id: users.id });
    ctx.userIds[role] = u.id;
  };
  await make('unverified', { emailVerified: null });
  await make('banned', { bannedUntil: new Date(Date.now() + 7 * 86_400_000), banReason: 'Matrix test' });
  await make('other');
  await make('owner');
  const [a] = await db
    .insert(articles)
    .values({
      slug: `public-matrix-${tag}`,
      title: `Public matrix ${tag}`,
      body: '<p>The council voted on Tuesday to close the old library.</p>',
      status: 'published',
      publishedAt: new Date(Date.now() - 3600_000),
    })
    .returning();
  ctx.articleId = a.id;
  ctx.articleSlug = a.slug;
  const [c] = await db
    .insert(campaigns)
    .values({ slug: `public-matrix-${tag}`, title: 'Matrix fund', goalCents: 100_000, currency: 'USD' })
    .returning();
  ctx.campaignId = c.id;
  ctx.ownerComment = async () => {
    const [row] = await (
      await getDb()
    )
      .insert(comments)
      .values({
        articleId: ctx.articleId,
        authorId: ctx.userIds.owner,
        body: `Owner comment ${randomUUID()}`,
        bodyHtml: '<p>Owner comment</p>',
        status: 'approved',
        contentHash: randomUUID(),
      } as typeof comments.$inferInsert)
      .returning({ id: comments.id });
    return row.id;
  };
  ctx.ownerPledge = async () => {
    const id = randomUUID();
    const token = pledgeToken(id);
    await (await getDb()).insert(pledges).values({
      id,
      campaignId: ctx.campaignId,
      userId: ctx.userIds.owner,
      email: `pm-owner-${tag}@example.com`,
      amountCents: 2500,
      currency: 'USD',
      idempotencyKey: `pm-${id}`,
      cancelTokenHash: crypto.createHash('sha256').update(token).digest('hex'),
    } as typeof pledges.$inferInsert);
    return { id, token };
  };
});

afterAll(async () => {
  const db = await getDb();
  await db.delete(settings);
  if (savedSettings.length) await db.insert(settings).values(savedSettings);
  await closeDatabase();
});

const RIGHTS_MESSAGE = /not allowed|sign in|signed in|banned|permission|access|verify your email/i;

describe('authorization matrix: public server actions', () => {
  it('finds the public action modules', () => {
    expect(actionModules).toEqual(expect.arrayContaining(['account', 'auth', 'comments', 'pledges']));
  });

  for (const mod of actionModules) {
    describe(`lib/actions/${mod}.ts`, () => {
      it('has a sibling .authz.ts with a row for every exported action', async () => {
        expect(fs.existsSync(path.join(ACTIONS_DIR, `${mod}.authz.ts`)), `lib/actions/${mod}.authz.ts is missing`).toBe(true);
        const actions = await import(/* @vite-ignore */ path.join(ACTIONS_DIR, `${mod}.ts`));
        const { rows } = (await import(/* @vite-ignore */ path.join(ACTIONS_DIR, `${mod}.authz.ts`))) as { rows: PublicRows };
        const exported = Object.keys(actions).filter((k) => typeof actions[k] === 'function');
        expect(
          exported.filter((k) => !rows?.[k]),
          `actions of ${mod}.ts without a row in ${mod}.authz.ts`,
        ).toEqual([]);
        expect(
          Object.keys(rows ?? {}).filter((k) => typeof actions[k] !== 'function'),
          `rows of ${mod}.authz.ts naming no action`,
        ).toEqual([]);
      });

      it('refuses every identity outside `allowed` without writing, and lets allowed ones through', async () => {
        const actions = await import(/* @vite-ignore */ path.join(ACTIONS_DIR, `${mod}.ts`));
        const { rows } = (await import(/* @vite-ignore */ path.join(ACTIONS_DIR, `${mod}.authz.ts`))) as { rows: PublicRows };
        const problems: string[] = [];
        for (const [name, row] of Object.entries(rows)) {
          const fn = actions[name];
          if (typeof fn !== 'function') continue;
          for (const role of PUBLIC_ROLES) {
            actAsUser(null);
            const args = await row.args(ctx);
            const allowed = row.allowed.includes(role);
            const before = !allowed || row.readOnly ? await fingerprint(IGNORED_TABLES) : null;
            actAsUser(role === 'anonymous' ? null : ctx.userIds[role]);
            const outcome = await callAction(fn, args);
            actAsUser(null);
            if (outcome.kind === 'other-error') problems.push(`${name} as ${role} ${describeOutcome(outcome)}`);
            const refusedForRights =
              outcome.kind === 'authz-error' ||
              (outcome.kind === 'redirect' && outcome.to.startsWith('/signin')) ||
              (outcome.kind === 'state' && !outcome.ok && RIGHTS_MESSAGE.test(outcome.message ?? ''));
            if (allowed && refusedForRights) problems.push(`${name} as ${role} (allowed) ${describeOutcome(outcome)}`);
            if (!allowed && outcome.kind === 'state' && outcome.ok && !row.readOnly) {
              // A plain form action returns nothing either way: the database tells whether it was refused.
              const voidAction = outcome.message === undefined;
              if (!voidAction) problems.push(`${name} as ${role} (not allowed) was not refused: ${describeOutcome(outcome)}`);
            }
            if (before) {
              const after = await fingerprint(IGNORED_TABLES);
              const changed = changedTables(before, after);
              if (changed.length)
                problems.push(`${name} as ${role} (${row.readOnly ? 'read' : 'not allowed'}) changed table(s) ${changed.join(', ')}`);
            }
          }
        }
        expect(problems).toEqual([]);
      }, 600_000);
    });
  }
});
