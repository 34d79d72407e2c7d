/** Why a request was refused at the door. */
export type ShedReason = 'in_flight' | 'event_loop';

const LAG_PROBE_MS = 50;

/**
 * Refuses new /v1 requests at the listener, before any parsing, when this instance is full: more
 * than `maxInFlight` requests in flight, or (when `eventLoopDelayMs` is set) the event loop
 * lagging more than that. The check is a comparison and a boolean read; the lag is measured by a
 * timer's drift every 50 ms, so a loop already blocked by work sheds the next arrivals instead of
 * queueing them behind it.
 */
export class LoadShedder {
  inFlight = 0;
  /** The last measured event-loop lag, in ms (0 when not measured). */
  lagMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly maxInFlight: number,
    private readonly eventLoopDelayMs?: number,
  ) {
    if (eventLoopDelayMs !== undefined) {
      let expected = performance.now() + LAG_PROBE_MS;
      this.timer = setInterval(() => {
        const now = performance.now();
        this.lagMs = Math.max(0, now - expected);
        expected = now + LAG_PROBE_MS;
      }, LAG_PROBE_MS);
      this.timer.unref();
    }
  }

  shedReason(): ShedReason | undefined {
    if (this.inFlight >= this.maxInFlight) return 'in_flight';
    if (this.eventLoopDelayMs !== undefined && this.lagMs > this.eventLoopDelayMs) return 'event_loop';
    return undefined;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
