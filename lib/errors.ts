/**
 * Why a UserError was thrown, for code that branches on it (never on the wording, which is for people):
 * `unverified` (the viewer must verify their email first), the three states of an emailed link.
 */
export type UserErrorCode = 'unverified' | 'token-invalid' | 'token-used' | 'token-expired';

/** An error whose message is safe to show to the user (no internals). */
export class UserError extends Error {
  constructor(
    message: string,
    public readonly status = 400,
    public readonly fieldErrors?: Record<string, string[]>,
    public readonly code?: UserErrorCode,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The constraint a write broke when it broke a unique index (SQLSTATE 23505), else null: read off the driver's
 * error (postgres.js `constraint_name`, PGlite `constraint`), which Drizzle wraps as its `cause`.
 */
export function uniqueViolation(err: unknown): string | null {
  for (
    let e = err as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (typeof e !== 'object') break;
    if (e.code === '23505') return String(e.constraint_name ?? e.constraint ?? '');
  }
  return null;
}

export class ForbiddenError extends UserError {
  constructor(message = 'You are not allowed to do that.') {
    super(message, 403);
    this.name = 'ForbiddenError';
  }
}

export class UnauthenticatedError extends UserError {
  constructor(message = 'Please sign in first.') {
    super(message, 401);
    this.name = 'UnauthenticatedError';
  }
}

export class NotFoundError extends UserError {
  constructor(message = 'Not found.') {
    super(message, 404);
    this.name = 'NotFoundError';
  }
}
