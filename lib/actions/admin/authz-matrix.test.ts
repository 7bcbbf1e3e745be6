/**
 * The newsroom's authorization matrix: every exported server action of lib/actions/admin/*.ts, called as
 * anonymous, reader, author, editor, moderator, admin and a banned admin, against a real database and the
 * real data access layer. Only next-auth's auth() is replaced (it returns the token of a real seeded
 * user, so the session-version and ban checks run for real), plus Next's request-bound helpers that
 * cannot run outside a request (cache invalidation, headers).
 *
 * A module without a sibling <name>.authz.ts, or an exported action without a row in it, fails here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actAs as actAsUser } from '@/lib/testing/fake-auth';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDb } from '@/db/client';
import { settings, users, type Role } from '@/db/schema';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import type { AuthzRows, MatrixContext, MatrixRole } from './authz-types';
import { callAction, changedTables, describeOutcome, fingerprint, redirectTarget, type Outcome } from '@/lib/testing/authz-matrix';

vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));
vi.mock('next/cache', (importOriginal) => import('@/lib/testing/outside-request').then((m) => m.nextCache(importOriginal)));
vi.mock('next/headers', () => import('@/lib/testing/outside-request').then((m) => m.nextHeaders));

const ROOT = process.cwd();
// Files an allowed upload writes go to a throwaway directory, not the app's data directory.
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-matrix-'));
const ACTIONS_DIR = path.join(ROOT, 'lib/actions/admin');
const MATRIX_ROLES: readonly MatrixRole[] = ['anonymous', 'reader', 'author', 'editor', 'moderator', 'admin', 'banned'];

/** Action modules the matrix must cover: every lib/actions/admin/*.ts but helpers, rows and tests. */
const actionModules = fs
  .readdirSync(ACTIONS_DIR)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.authz.ts') && !f.endsWith('.test.ts') && f !== 'authz-types.ts')
  .map((f) => f.slice(0, -3))
  .sort();

/** An exported server action, as the matrix calls it. */
type Action = Parameters<typeof callAction>[0];

/** An action module and its rows, by absolute path (the module list is read from the folder at run time). */
async function loadModule(mod: string): Promise<{ actions: Record<string, Action>; rows: AuthzRows }> {
  const actions = (await import(/* @vite-ignore */ path.join(ACTIONS_DIR, `${mod}.ts`))) as Record<string, Action>;
  const { rows } = (await import(/* @vite-ignore */ path.join(ACTIONS_DIR, `${mod}.authz.ts`))) as { rows: AuthzRows };
  return { actions, rows };
}

function findRoutes(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findRoutes(p);
    return /^route\.(ts|tsx|js)$/.test(e.name) ? [p] : [];
  });
}
const routeFiles = findRoutes(path.join(ROOT, 'app/admin')).sort();

const ctx: MatrixContext = { userIds: {} as MatrixContext['userIds'] };

beforeAll(async () => {
  const db = await getDb();
  const tag = randomUUID().slice(0, 6);
  const roles: Role[] = ['reader', 'author', 'editor', 'moderator', 'admin'];
  for (const role of roles) {
    const [u] = await db
      .insert(users)
      .values({
        email: `matrix-${role}-${tag}@example.com`,
        handle: `matrix-${role}-${tag}`,
        name: `Matrix ${role}`,
        role,
        emailVerified: new Date(),
      })
      .returning({ id: users.id });
    ctx.userIds[role] = u.id;
  }
  // A banned admin: every staff right on paper, refused everywhere because of the ban.
  const [b] = await db
    .insert(users)
    .values({
      email: `matrix-banned-${tag}@example.com`,
      handle: `matrix-banned-${tag}`,
      name: 'Matrix banned',
      role: 'admin',
      emailVerified: new Date(),
      bannedUntil: new Date(Date.now() + 7 * 86_400_000),
      banReason: 'Matrix test',
    })
    .returning({ id: users.id });
  ctx.userIds.banned = b.id;
});

let savedSettings: (typeof settings.$inferSelect)[] = [];
beforeAll(async () => {
  savedSettings = await (await getDb()).select().from(settings);
});
// Allowed calls really write; site settings are shared by every test file on a server database: put them back.
afterAll(async () => {
  const db = await getDb();
  await db.delete(settings);
  if (savedSettings.length) await db.insert(settings).values(savedSettings);
  await closeDatabase();
});

function actAs(role: MatrixRole) {
  actAsUser(role === 'anonymous' ? null : ctx.userIds[role]);
}

function toFormData(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  }
  return fd;
}

const RIGHTS_MESSAGE = /not allowed|sign in|signed in|banned|only an? (admin|editor|moderator)|permission|access/i;

function isRefusal(o: Outcome): boolean {
  return o.kind === 'authz-error' || (o.kind === 'redirect' && o.to.startsWith('/signin')) || (o.kind === 'state' && !o.ok);
}

function isRefusedForRights(o: Outcome): boolean {
  return (
    o.kind === 'authz-error' ||
    (o.kind === 'redirect' && o.to.startsWith('/signin')) ||
    (o.kind === 'state' && !o.ok && RIGHTS_MESSAGE.test(o.message ?? ''))
  );
}

describe('authorization matrix: server actions', () => {
  it('finds the newsroom action modules', () => {
    expect(actionModules.length).toBeGreaterThan(0);
  });

  for (const mod of actionModules) {
    describe(`lib/actions/admin/${mod}.ts`, () => {
      it('has a sibling .authz.ts with a row for every exported action', async () => {
        const rowsFile = path.join(ACTIONS_DIR, `${mod}.authz.ts`);
        expect(fs.existsSync(rowsFile), `lib/actions/admin/${mod}.authz.ts is missing: every admin action needs a row in the matrix`).toBe(
          true,
        );
        const { actions, rows } = await loadModule(mod);
        const exported = Object.keys(actions).filter((k) => typeof actions[k] === 'function');
        const missing = exported.filter((k) => !rows?.[k]);
        expect(missing, `actions of ${mod}.ts without a row in ${mod}.authz.ts`).toEqual([]);
        const stale = Object.keys(rows ?? {}).filter((k) => typeof actions[k] !== 'function');
        expect(stale, `rows of ${mod}.authz.ts naming no exported action`).toEqual([]);
      });

      it('refuses every role outside `allowed` without writing, and lets allowed roles through', async () => {
        const rowsFile = path.join(ACTIONS_DIR, `${mod}.authz.ts`);
        if (!fs.existsSync(rowsFile)) throw new Error(`lib/actions/admin/${mod}.authz.ts is missing`);
        const { actions, rows } = await loadModule(mod);
        const problems: string[] = [];
        for (const [name, row] of Object.entries(rows)) {
          const fn = actions[name];
          if (typeof fn !== 'function') continue;
          for (const role of MATRIX_ROLES) {
            actAs('anonymous');
            const fields = await row.fields(ctx);
            const allowed = role !== 'anonymous' && role !== 'banned' && (row.allowed as readonly string[]).includes(role);
            const before = allowed ? null : await fingerprint();
            actAs(role);
            const outcome = await callAction(fn, [undefined, toFormData(fields)]);
            actAs('anonymous');
            if (allowed) {
              if (isRefusedForRights(outcome) || outcome.kind === 'other-error') {
                problems.push(`${name} as ${role} (allowed) ${describeOutcome(outcome)}`);
              }
              continue;
            }
            if (!isRefusal(outcome)) problems.push(`${name} as ${role} (not allowed) was not refused: ${describeOutcome(outcome)}`);
            const after = await fingerprint();
            const changed = changedTables(before!, after);
            if (changed.length) problems.push(`${name} as ${role} (not allowed) changed table(s) ${changed.join(', ')}`);
          }
        }
        expect(problems).toEqual([]);
      }, 600_000);
    });
  }
});

/**
 * Route handlers under app/admin, by method: who may call them. A route or method not listed here must at
 * least refuse anonymous visitors, readers and banned users, and serve admins. Refused calls of a
 * writing method must also leave the database unchanged.
 */
const ROUTE_ALLOWED: Record<string, readonly Role[]> = {
  'GET app/admin/pledges/export/route.ts': ['admin'],
  'POST app/admin/media/upload/route.ts': ['author', 'editor', 'admin'],
  'POST app/admin/import/upload/route.ts': ['admin'],
  // The site export holds every reader's and donor's address.
  'POST app/admin/export/download/route.ts': ['admin'],
};
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A plausible body for writing routes (an image under `file`), so that only rights can refuse it. */
async function sampleForm(): Promise<FormData> {
  const { default: sharp } = await import('sharp');
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#b91c1c' } })
    .png()
    .toBuffer();
  const fd = new FormData();
  fd.append('file', new File([new Uint8Array(png)], 'matrix.png', { type: 'image/png' }));
  fd.append('alt', 'Matrix test image');
  return fd;
}

function fillParams(file: string): { url: string; params: Record<string, string | string[]> } {
  const rel = path
    .relative(path.join(ROOT, 'app'), path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s));
  const params: Record<string, string | string[]> = {};
  const parts = rel.map((seg) => {
    const m = /^\[(?:\[)?(\.\.\.)?(\w+)\]?\]$/.exec(seg);
    if (!m) return seg;
    params[m[2]] = m[1] ? ['missing'] : 'missing';
    return 'missing';
  });
  return { url: `http://localhost:3000/${parts.join('/')}`, params };
}

describe('authorization matrix: admin route handlers', () => {
  it('finds the route handlers under app/admin', () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(0);
  });

  for (const file of routeFiles) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    it(`${rel}: refuses the roles it must, without writing, and serves the allowed ones`, async () => {
      const problems: string[] = [];
      const { NextRequest } = await import('next/server');
      const mod = await import(/* @vite-ignore */ file);
      for (const method of METHODS) {
        if (typeof mod[method] !== 'function') continue;
        const allowedRoles = ROUTE_ALLOWED[`${method} ${rel}`];
        for (const role of MATRIX_ROLES) {
          const allowed =
            role !== 'anonymous' && role !== 'banned' && (allowedRoles ? allowedRoles.includes(role as Role) : role === 'admin');
          const refusedExpected = role === 'anonymous' || role === 'banned' || (allowedRoles ? !allowed : role === 'reader');
          if (!allowed && !refusedExpected) continue;
          const { url, params } = fillParams(file);
          const writes = method !== 'GET';
          const before = writes && refusedExpected ? await fingerprint() : null;
          actAs(role);
          let status: number;
          let location = '';
          try {
            const init = writes
              ? {
                  method,
                  body: await sampleForm(),
                  headers: { origin: 'http://localhost:3000', host: 'localhost:3000', accept: 'application/json' },
                }
              : { method };
            const res: Response = await mod[method](new NextRequest(url, init), { params: Promise.resolve(params) });
            status = res.status;
            location = res.headers.get('location') ?? '';
          } catch (err) {
            const to = redirectTarget(err);
            if (to != null) {
              status = 307;
              location = to;
            } else if (err instanceof ForbiddenError) status = 403;
            else if (err instanceof UnauthenticatedError) status = 401;
            else status = 500;
          }
          actAs('anonymous');
          const refused =
            status === 401 || status === 403 || (status >= 300 && status < 400 && /\/signin|error=(signin|forbidden)/.test(location));
          if (refusedExpected && !refused) problems.push(`${method} ${rel} as ${role} answered ${status} ${location}`);
          if (allowed && (refused || status >= 500)) problems.push(`${method} ${rel} as ${role} (allowed) answered ${status} ${location}`);
          if (before) {
            const after = await fingerprint();
            const changed = changedTables(before, after);
            if (changed.length) problems.push(`${method} ${rel} as ${role} (refused) changed table(s) ${changed.join(', ')}`);
          }
        }
      }
      expect(problems).toEqual([]);
    }, 300_000);
  }
});

describe('the seeded matrix users', () => {
  it('a banned user is really banned and every role is what it says', async () => {
    const db = await getDb();
    const [b] = await db.select().from(users).where(eq(users.id, ctx.userIds.banned));
    expect(b.bannedUntil!.getTime()).toBeGreaterThan(Date.now());
    const [m] = await db.select().from(users).where(eq(users.id, ctx.userIds.moderator));
    expect(m.role).toBe('moderator');
  });
});
