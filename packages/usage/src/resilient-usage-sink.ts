import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';
import type { UsageSpool } from './usage-spool';

export interface ResilientUsageSinkOptions {
  /** How often to try replaying the spool while it holds events; default 1 s. */
  replayIntervalMs?: number;
  /** The queue failed and spooling starts (once per outage). */
  onSpooled?: (events: number, error: unknown) => void;
  /** Every batch written to the spool. */
  onAppended?: (events: number) => void;
  onReplayed?: (events: number, unreadable: number) => void;
  /** A replay failed (once per outage, not at every retry). */
  onReplayFailed?: (error: unknown) => void;
}

/**
 * The queue when it answers, the spool file when it does not, and a replay of the spool as soon
 * as the queue answers again. New batches go to the spool while it is not empty, so events are
 * not reordered around an outage more than necessary, and a flapping Redis cannot split a batch.
 */
export class ResilientUsageSink implements UsageSink {
  readonly #primary: UsageSink;
  readonly #spool: UsageSpool;
  readonly #options: ResilientUsageSinkOptions;
  readonly #timer: NodeJS.Timeout;
  #spooling = false;
  // Once per outage: an empty spool lets the next batch try the queue again, and that retry's
  // failure must not log again (issue 16: ~20 lines a second).
  #outageReported = false;
  #replayFailureReported = false;
  #replaying: Promise<void> | undefined;

  constructor(primary: UsageSink, spool: UsageSpool, options: ResilientUsageSinkOptions = {}) {
    this.#primary = primary;
    this.#spool = spool;
    this.#options = options;
    this.#timer = setInterval(() => void this.replay(), options.replayIntervalMs ?? 1_000);
    this.#timer.unref();
  }

  /** Whether events are currently going to the spool file rather than the queue. */
  get degraded(): boolean {
    return this.#spooling;
  }

  async deliver(events: UsageEvent[]): Promise<void> {
    if (!this.#spooling) {
      try {
        await this.#primary.deliver(events);
        this.#outageReported = false;
        return;
      } catch (error) {
        this.#spooling = true;
        if (!this.#outageReported) this.#options.onSpooled?.(events.length, error);
        this.#outageReported = true;
      }
    }
    await this.#spool.append(events);
    this.#options.onAppended?.(events.length);
  }

  /** Replays the spool into the queue if it holds anything; one replay at a time. */
  replay(): Promise<void> {
    this.#replaying ??= this.#replayOnce().finally(() => {
      this.#replaying = undefined;
    });
    return this.#replaying;
  }

  async #replayOnce(): Promise<void> {
    if (!(await this.#spool.hasEvents())) {
      this.#spooling = false;
      return;
    }
    try {
      const { replayed, unreadable } = await this.#spool.replay((events) => this.#primary.deliver(events));
      this.#replayFailureReported = false;
      this.#outageReported = false;
      this.#options.onReplayed?.(replayed, unreadable);
      // Appends made during the replay wait for the next tick; until then keep spooling.
      if (!(await this.#spool.hasEvents())) this.#spooling = false;
    } catch (error) {
      // Still unreachable (or the batch is refused): the events stay in the spool for the next try.
      if (!this.#replayFailureReported) this.#options.onReplayFailed?.(error);
      this.#replayFailureReported = true;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#replaying;
    await this.#primary.close();
  }
}
