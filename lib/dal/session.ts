import 'server-only';
/**
 * Who is making this request. getViewer() reads the next-auth session (a JWT carrying the user id and
 * session version and session id), loads the user and rejects a token whose session version is stale
 * (sign-out-everywhere, password change, ban, role change), whose session was signed out, or whose user is
 * deleted. Cached per request.
 */
import { cache } from 'react';
import type { Role, User } from '@/db/schema';
import { banSentence } from '@/lib/auth/ban';
import { can, type Permission } from '@/lib/auth/roles';
import { ForbiddenError, UnauthenticatedError, UserError } from '@/lib/errors';
import { userForSession, type SessionClaims } from '@/lib/auth/session-check';

export type Viewer = {
  id: string;
  email: string;
  name: string | null;
  handle: string;
  image: string | null;
  role: Role;
  emailVerified: boolean;
  bannedUntil: Date | null;
  banReason: string | null;
  premoderated: boolean;
  createdAt: Date;
  bio: string | null;
  sessionVersion: number;
};

export function toViewer(u: User): Viewer {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    handle: u.handle,
    image: u.image,
    role: u.role,
    emailVerified: !!u.emailVerified,
    bannedUntil: u.bannedUntil,
    banReason: u.banReason,
    premoderated: u.premoderated,
    createdAt: u.createdAt,
    bio: u.bio,
    sessionVersion: u.sessionVersion,
  };
}

/** The viewer a session token stands for, or null when the token is stale, signed out or the user gone. */
export async function viewerFromToken(token: SessionClaims | null | undefined): Promise<Viewer | null> {
  const user = await userForSession(token);
  return user ? toViewer(user) : null;
}

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const { auth } = await import('@/lib/auth');
  const session = (await auth()) as SessionClaims | null;
  return viewerFromToken(session);
});

export async function requireViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

export async function requirePermission(permission: Permission): Promise<Viewer> {
  const viewer = await requireViewer();
  if (!can(viewer.role, permission)) throw new ForbiddenError();
  return viewer;
}

/** Banned users can read but not comment, vote or pledge; they are told why and until when. */
export function assertNotBanned(viewer: Viewer): void {
  const ban = banSentence(viewer);
  if (ban) throw new ForbiddenError(ban);
}

/**
 * Unverified accounts may read, comment (held for review) and pledge, but not vote, report or subscribe to
 * mail: a sock puppet then costs a working inbox, and nobody mails an address its owner never confirmed.
 */
export function assertVerified(viewer: Pick<Viewer, 'emailVerified'>, toDo: string): void {
  if (!viewer.emailVerified) throw new UserError(`Verify your email address to ${toDo}.`, 403, undefined, 'unverified');
}
