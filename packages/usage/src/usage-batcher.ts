import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

export interface UsageBatcherOptions {
  /** Flush at the latest this long after the first event of a batch; default 50 ms. */
  flushIntervalMs?: number;
  /** Flush at once when a batch holds this many events; default 500. */
  maxBatchSize?: number;
  /** Told when a batch could not be delivered anywhere (the events are kept and retried). */
  onError?: (error: unknown, events: number) => void;
}

/**
 * Collects usage events in memory and hands them to the sink in batches, so the hot path never
 * waits on Redis or Postgres and the sink sees one call per batch, never one per request.
 * A batch whose delivery fails is put back in front and retried with the next flush: the
 * sink (a resilient one spools to disk) decides when to give up, the batcher never drops.
 */
export class UsageBatcher {
  readonly #sink: UsageSink;
  readonly #flushIntervalMs: number;
  readonly #maxBatchSize: number;
  readonly #onError: (error: unknown, events: number) => void;
  #pending: UsageEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #delivering: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(sink: UsageSink, options: UsageBatcherOptions = {}) {
    this.#sink = sink;
    this.#flushIntervalMs = options.flushIntervalMs ?? 50;
    this.#maxBatchSize = options.maxBatchSize ?? 500;
    this.#onError = options.onError ?? (() => {});
  }

  /** Events waiting for the next flush. */
  get pending(): number {
    return this.#pending.length;
  }

  record(event: UsageEvent): void {
    this.#pending.push(event);
    if (this.#pending.length >= this.#maxBatchSize) {
      void this.flush();
    } else if (this.#timer === undefined && !this.#closed) {
      this.#timer = setTimeout(() => void this.flush(), this.#flushIntervalMs);
      // A pending flush must not keep a finished process alive; close() flushes explicitly.
      this.#timer.unref();
    }
  }

  /** Sends what is pending; resolves when it and every earlier batch reached the sink (or failed). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return this.#delivering;
    const batch = this.#pending;
    this.#pending = [];
    // Batches are delivered one after another, so the sink sees them in order.
    this.#delivering = this.#delivering.then(async () => {
      try {
        await this.#sink.deliver(batch);
      } catch (error) {
        this.#onError(error, batch.length);
        this.#pending = batch.concat(this.#pending);
        if (!this.#closed && this.#timer === undefined) {
          this.#timer = setTimeout(() => void this.flush(), Math.max(this.#flushIntervalMs, 1_000));
          this.#timer.unref();
        }
      }
    });
    return this.#delivering;
  }

  /**
   * Flushes everything (shutdown). Events that still cannot be delivered are returned, so the
   * caller can say how many were lost rather than losing them silently.
   */
  async close(): Promise<UsageEvent[]> {
    this.#closed = true;
    await this.flush();
    if (this.#pending.length > 0) await this.flush();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const left = this.#pending;
    this.#pending = [];
    return left;
  }
}
