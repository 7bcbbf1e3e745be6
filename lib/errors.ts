/** An error whose message is safe to show to the user (no internals). */
export class UserError extends Error {
  constructor(
    message: string,
    public readonly status = 400,
    public readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'UserError';
  }
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
