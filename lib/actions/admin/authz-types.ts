import type { Role } from '@/db/schema';

/**
 * Rows of the newsroom's authorization matrix (lib/actions/admin/authz-matrix.test.ts).
 *
 * Every module `lib/actions/admin/<name>.ts` has a sibling `lib/actions/admin/<name>.authz.ts` that
 * exports `rows: AuthzRows` with one row per exported server action; the matrix test fails when an
 * exported action has no row. Every admin action has the signature `(prev: ActionState | undefined,
 * formData: FormData) => Promise<ActionState>`.
 *
 * The test calls each action as anonymous, reader, author, editor, moderator, admin and a banned user:
 * for a role not in `allowed` the call must be refused (ForbiddenError / UnauthenticatedError thrown, a
 * redirect to /signin, or `{ ok: false }`) and the database must be unchanged; for an allowed role the
 * call must not be refused for lack of rights.
 */
export type MatrixRole = 'anonymous' | 'banned' | Role;

export type MatrixContext = {
  /** The id of the seeded user acting in each role ('anonymous' has none). */
  userIds: Record<Exclude<MatrixRole, 'anonymous'>, string>;
};

export type AuthzRow = {
  /** Roles that may call the action (authors may call article actions, but only on their own articles). */
  allowed: readonly Role[];
  /** Form fields for the call (a valid-looking payload, so that a wrongly allowed call would write). */
  fields: (ctx: MatrixContext) => Promise<Record<string, string | string[]>> | Record<string, string | string[]>;
};

export type AuthzRows = Record<string, AuthzRow>;
