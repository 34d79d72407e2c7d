export type AccessErrorCode =
  /** No such token (or key). */
  | 'not_found'
  /** The name is taken. */
  | 'conflict'
  /** Unusable input: a bad name or role, or a malformed ADMIN_TOKEN. */
  | 'invalid';

/** What the access stores report; the admin API maps the codes to 404, 409 and 400. Messages never hold a token. */
export class AccessError extends Error {
  readonly code: AccessErrorCode;

  constructor(code: AccessErrorCode, message: string) {
    super(message);
    this.name = 'AccessError';
    this.code = code;
  }
}
