/** The /admin error vocabulary: `{"error":{"code","message","requestId"}}` with an HTTP status. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    /** Seconds, sent as `retry-after` (a 429). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** One body for every authentication failure, so a caller cannot tell a revoked token from a typo. */
export function unauthenticated(): AdminError {
  return new AdminError(401, 'unauthenticated', 'A valid admin token is required: Authorization: Bearer sb_admin_...');
}

export function notFound(what: string): AdminError {
  return new AdminError(404, 'not_found', `${what} does not exist.`);
}
