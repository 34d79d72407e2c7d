import pino, { type Logger } from 'pino';

/**
 * JSON lines on stdout. Request and response bodies and headers are never logged, so neither a
 * provider key nor a prompt can end up in a log (the tests scan every line for them); that is why
 * there is no redaction pass, which would cost every line a deep copy. Lines are buffered up to
 * 4 KiB so a busy gateway makes one write per dozen requests instead of one per request.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: undefined }, destination ?? pino.destination({ sync: false, minLength: 4096 }));
}
