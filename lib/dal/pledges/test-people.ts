/**
 * The accounts the pledge tests act as (vitest only): real rows, inserted by setUpPledgeFixtures() or
 * newUser(), so the session layer checks them for real through lib/testing/fake-auth.
 */
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import type { Viewer } from '@/lib/dal/session';
import { actAs } from '@/lib/testing/fake-auth';

/** Act as this (real, inserted) user in DAL calls, or as an anonymous visitor. */
export function actAsViewer(v: Viewer | null) {
  actAs(v?.id ?? null);
}

function viewer(id: string, role: Viewer['role'], email: string, emailVerified = true): Viewer {
  return {
    id,
    email,
    name: id,
    handle: id,
    image: null,
    role,
    emailVerified,
    bannedUntil: null,
    banReason: null,
    premoderated: false,
    createdAt: new Date(),
    bio: null,
    sessionVersion: 0,
  };
}
// Fresh users per run: on a Postgres server the database outlives the run.
export const RUN = crypto.randomUUID().slice(0, 8);
export const reader = viewer(`u-reader-${RUN}`, 'reader', `reader-${RUN}@broadsheet.test`);
export const admin = viewer(`u-admin-${RUN}`, 'admin', `admin-${RUN}@broadsheet.test`);
export const author = viewer(`u-author-${RUN}`, 'author', `author-${RUN}@broadsheet.test`);
/** Signed up, never clicked the verification link. */
export const unverified = viewer(`u-unverified-${RUN}`, 'reader', `unverified-${RUN}@broadsheet.test`, false);

/** A fresh account (verified unless told otherwise), for tests that depend on a user's whole pledge history. */
export async function newUser(verified = true): Promise<Viewer> {
  const tag = crypto.randomUUID().slice(0, 8);
  const v = viewer(`u-${tag}`, 'reader', `fan-${tag}@broadsheet.test`, verified);
  await (
    await getDb()
  )
    .insert(users)
    .values({ id: v.id, email: v.email, handle: `fan-${tag}`, role: 'reader', emailVerified: verified ? new Date() : null });
  return v;
}
