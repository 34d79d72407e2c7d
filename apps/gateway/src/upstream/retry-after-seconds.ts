/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  // Every HTTP-date form carries hh:mm:ss; without that guard V8's lenient Date.parse reads
  // garbage such as "-5" or "later 2" as a day in 2001, which would become "retry now".
  if (!/\d\d:\d\d:\d\d/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
