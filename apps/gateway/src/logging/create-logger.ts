import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';

/**
 * On every line: which instance wrote it (INSTANCE_ID, else the host name, which is the pod's or
 * the container's name), the host and the pid, so one fleet's merged logs can be told apart.
 */
export function logIdentity(env: NodeJS.ProcessEnv = process.env): { instance: string; host: string; pid: number } {
  const host = hostname();
  return { instance: env.INSTANCE_ID || host, host, pid: process.pid };
}

/**
 * JSON lines on stdout. Request and response bodies and headers are never logged, so neither a
 * provider key nor a prompt can end up in a log (the tests scan every line for them); that is why
 * there is no redaction pass, which would cost every line a deep copy. Lines are buffered up to
 * 4 KiB so a busy gateway makes one write per dozen requests instead of one per request.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const base = logIdentity();
  if (destination) return pino({ level, base }, destination);
  const stdout = pino.destination({ sync: false, minLength: 4096 });
  // A quiet gateway must not hold a warning in the buffer for long: flush at least every second.
  setInterval(() => {
    try {
      stdout.flush();
    } catch {
      // Nothing written yet (the descriptor is not ready) or a flush already running.
    }
  }, 1_000).unref();
  return pino({ level, base }, stdout);
}
