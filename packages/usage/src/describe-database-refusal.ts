/**
 * The database's own words for a failed statement (`22003: bigint out of range`), found by
 * following `cause` to the driver's error; not drizzle's wrapper message, which quotes the whole
 * statement and its parameters (a batch of events) and is unfit for a log line.
 */
export function describeDatabaseRefusal(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'message' in current)
      return `${code}: ${String(current.message)}`;
    current = 'cause' in current ? current.cause : undefined;
  }
  return error instanceof Error ? error.message : String(error);
}
