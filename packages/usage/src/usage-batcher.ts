import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

export interface UsageBatcherOptions {
  /** Flush at the latest this long after the first event of a batch; default 50 ms. */
  flushIntervalMs?: number;
  /** Flush at once when a batch holds this many events; default 500. */
  maxBatchSize?: number;
  /** Told when a batch could not be delivered anywhere (the events are kept and retried). */
  onError?: (error: unknown, events: number) => void;
  /**
   * The most events held in memory while nothing can store them (default 20,000). Past it the
   * batcher is `full`: the gateway refuses new requests (DESIGN.md contract 12), or, when told to
   * serve anyway (`dropWhenFull`), drops the events past it and counts them.
   */
  maxPendingEvents?: number;
  dropWhenFull?: boolean;
  /** Told once when a delivery succeeds after failures (the state change, for one log line). */
  onRecovered?: () => void;
  /** Told of each event dropped because memory was full and `dropWhenFull` is set. */
  onDropped?: (events: number) => void;
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
  readonly #maxPending: number;
  readonly #dropWhenFull: boolean;
  readonly #onDropped: (events: number) => void;
  readonly #onRecovered: () => void;
  #failing = false;
  /** Events of the batch being delivered now: still only in memory. */
  #inDelivery = 0;

  constructor(sink: UsageSink, options: UsageBatcherOptions = {}) {
    this.#sink = sink;
    this.#maxPending = options.maxPendingEvents ?? 20_000;
    this.#dropWhenFull = options.dropWhenFull ?? false;
    this.#onDropped = options.onDropped ?? (() => {});
    this.#onRecovered = options.onRecovered ?? (() => {});
    this.#flushIntervalMs = options.flushIntervalMs ?? 50;
    this.#maxBatchSize = options.maxBatchSize ?? 500;
    this.#onError = options.onError ?? (() => {});
  }

  /** Events waiting for the next flush. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Memory holds its limit of undelivered events (they go nowhere: queue and spool both refuse). */
  get full(): boolean {
    return this.#pending.length + this.#inDelivery >= this.#maxPending;
  }

  record(event: UsageEvent): void {
    // Refusing mode keeps every event of requests already admitted (new ones are refused while
    // full, so the excess is bounded by the requests in flight); dropping mode keeps the bound.
    if (this.full && this.#dropWhenFull) {
      this.#onDropped(1);
      return;
    }
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
    this.#inDelivery += batch.length;
    this.#delivering = this.#delivering.then(async () => {
      try {
        await this.#sink.deliver(batch);
        this.#inDelivery -= batch.length;
        if (this.#failing) {
          this.#failing = false;
          this.#onRecovered();
        }
      } catch (error) {
        this.#failing = true;
        this.#inDelivery -= batch.length;
        this.#pending = batch.concat(this.#pending);
        this.#onError(error, batch.length);
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
