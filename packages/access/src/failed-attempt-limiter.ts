import { formatIpAddress, parseIpAddress } from './ip-address';
import { LruCache } from './lru-cache';

export interface FailedAttemptLimiterOptions {
  /** Failures a client may have in one window before it is blocked; default 20. */
  maximumFailures?: number;
  /** Window length; default one minute. */
  windowMs?: number;
  /** Clients remembered at once (least recently failing forgotten first); default 10,000. */
  maximumClients?: number;
}

interface Window {
  startMs: number;
  failures: number;
}

/**
 * Counts failed authentication attempts per client in fixed windows. A fixed window can let
 * twice the limit through around a boundary; that is fine here, where the point is to keep a
 * flood of guesses off the database, not to meter anyone exactly.
 */
export class FailedAttemptLimiter {
  readonly #maximumFailures: number;
  readonly #windowMs: number;
  readonly #windows: LruCache<string, Window>;

  constructor(options: FailedAttemptLimiterOptions = {}) {
    this.#maximumFailures = options.maximumFailures ?? 20;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#windows = new LruCache(options.maximumClients ?? 10_000);
  }

  /** Whether `clientIp` used up its failures in the current window. */
  isBlocked(clientIp: string, nowMs: number): boolean {
    const window = this.#windows.get(clientKey(clientIp), nowMs);
    return window !== undefined && window.failures >= this.#maximumFailures;
  }

  /** How long until `clientIp`'s current window ends (0 when it has none). */
  retryAfterMs(clientIp: string, nowMs: number): number {
    const window = this.#windows.get(clientKey(clientIp), nowMs);
    return window === undefined ? 0 : Math.max(0, window.startMs + this.#windowMs - nowMs);
  }

  /** Counts one failure; true when this very failure used up the client's window (it locks now). */
  recordFailure(clientIp: string, nowMs: number): boolean {
    const key = clientKey(clientIp);
    const window = this.#windows.get(key, nowMs) ?? { startMs: nowMs, failures: 0 };
    window.failures++;
    this.#windows.set(key, window, window.startMs + this.#windowMs);
    return window.failures === this.#maximumFailures;
  }
}

/**
 * Who a failure is counted against: the IPv4 address, or the /64 of an IPv6 address, since one
 * IPv6 client usually holds a whole /64 and could otherwise rotate through 2^64 addresses.
 */
export function clientKey(clientIp: string): string {
  const address = parseIpAddress(clientIp);
  if (address === undefined) return clientIp.slice(0, 64);
  if (address.version === 4) return formatIpAddress(address);
  const network = new Uint8Array(16);
  network.set(address.bytes.subarray(0, 8));
  return `${formatIpAddress({ version: 6, bytes: network })}/64`;
}
