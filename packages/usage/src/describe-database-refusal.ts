/** Longest cause kept on a log line: enough for any driver's message, never a batch of events. */
const MAXIMUM_LENGTH = 300;

/**
 * The cause of a failed statement in one short line: the database's own words
 * (`22003: bigint out of range`) found by following `cause` to the driver's error, else the
 * innermost error's code and message (`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432`); never
 * drizzle's wrapper message, which quotes the whole statement and its parameters (a batch of
 * events, kilobytes of JSON) and is unfit for a log line.
 */
export function describeDatabaseRefusal(error: unknown): string {
  let current: unknown = error;
  let innermost: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    innermost = current;
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'message' in current)
      return oneLine(`${code}: ${String(current.message)}`);
    current = 'cause' in current ? current.cause : undefined;
  }
  if (innermost instanceof Error || (typeof innermost === 'object' && innermost !== null && 'message' in innermost)) {
    const { code, message } = innermost as { code?: unknown; message: unknown };
    return oneLine(typeof code === 'string' ? `${code}: ${String(message)}` : String(message));
  }
  return oneLine(String(innermost));
}

function oneLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > MAXIMUM_LENGTH ? `${line.slice(0, MAXIMUM_LENGTH)}...` : line;
}
