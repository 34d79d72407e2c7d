/** SQLSTATE codes callers map to API errors (e.g. a duplicate key name to 409). */
export const postgresErrorCodes = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
} as const;

/**
 * The SQLSTATE of a failed query, or undefined for other errors. drizzle wraps driver errors
 * (DrizzleQueryError) and the drivers' error classes differ, so this follows `cause` until an
 * error carries a five-character `code`.
 */
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
