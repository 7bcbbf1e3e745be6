/**
 * Rows of the public actions' authorization matrix (lib/actions/public-authz-matrix.test.ts): the server
 * actions readers call (comments, votes, pledges, account, sign-in/up), beside the newsroom's matrix in
 * lib/actions/admin/authz-matrix.test.ts.
 *
 * Every module lib/actions/<name>.ts has a sibling <name>.authz.ts exporting `rows: PublicRows`, one row per
 * exported action; the test fails when an exported action has no row. Each action is called as every
 * identity below. For an identity outside `allowed` the call must be refused (an authorization error, a
 * redirect to /signin, `{ ok: false }`) and the database must be unchanged; an allowed identity must not
 * be refused for lack of rights.
 */
export type PublicRole =
  | 'anonymous'
  /** Signed up, email address not verified yet. */
  | 'unverified'
  /** A verified reader whose ban is running. */
  | 'banned'
  /** A verified reader who does not own the comment/pledge the call is about. */
  | 'other'
  /** The verified reader who owns the comment/pledge the call is about. */
  | 'owner';

export const PUBLIC_ROLES: readonly PublicRole[] = ['anonymous', 'unverified', 'banned', 'other', 'owner'];
export const EVERYONE: readonly PublicRole[] = PUBLIC_ROLES;

export type PublicContext = {
  userIds: Record<Exclude<PublicRole, 'anonymous'>, string>;
  articleId: string;
  articleSlug: string;
  campaignId: string;
  /** A fresh published comment by `owner` (a new one per call, so an allowed delete can't starve the next). */
  ownerComment: () => Promise<number>;
  /** A fresh pledge by `owner`, with the secret token of its mailed link. */
  ownerPledge: () => Promise<{ id: string; token: string }>;
};

export type PublicRow = {
  allowed: readonly PublicRole[];
  /** The call's arguments, prepared before it (as nobody). */
  args: (ctx: PublicContext) => Promise<unknown[]> | unknown[];
  /** A read: no identity may change the database through it, and none is refused. */
  readOnly?: boolean;
};

export type PublicRows = Record<string, PublicRow>;

/** `(prevState, formData)` arguments for a useActionState action. */
export function form(fields: Record<string, string | Blob>): unknown[] {
  return [undefined, toFormData(fields)];
}

/** `(formData)` arguments for a plain form action. */
export function plainForm(fields: Record<string, string>): unknown[] {
  return [toFormData(fields)];
}

function toFormData(fields: Record<string, string | Blob>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}
