import pino, { type Logger } from 'pino';

/**
 * JSON lines on stdout. Request and response bodies and headers are never logged, so neither a
 * provider key nor a prompt can end up in a log; the redaction list is a second line of defence.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['apiKey', 'secret', 'authorization', '*.apiKey', '*.secret', '*.authorization'], censor: '[redacted]' },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
