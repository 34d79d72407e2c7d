import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeUsageEvent } from './testing/make-usage-event';
import { UsageBatcher } from './usage-batcher';
import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

class RecordingSink implements UsageSink {
  batches: UsageEvent[][] = [];
  failuresLeft = 0;
  async deliver(events: UsageEvent[]) {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('queue unreachable');
    }
    this.batches.push(events);
  }
  async close() {}
}

afterEach(() => {
  vi.useRealTimers();
});

describe('UsageBatcher', () => {
  it('sends nothing per event: one delivery for everything recorded within the interval', async () => {
    vi.useFakeTimers();
    const sink = new RecordingSink();
    const batcher = new UsageBatcher(sink, { flushIntervalMs: 50, maxBatchSize: 100 });
    for (let index = 0; index < 30; index++) batcher.record(makeUsageEvent());
    await vi.advanceTimersByTimeAsync(49);
    expect(sink.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.batches.map((batch) => batch.length)).toEqual([30]);
  });

  it('flushes at once when a batch is full', async () => {
    const sink = new RecordingSink();
    const batcher = new UsageBatcher(sink, { flushIntervalMs: 60_000, maxBatchSize: 10 });
    for (let index = 0; index < 25; index++) batcher.record(makeUsageEvent());
    await batcher.flush();
    expect(sink.batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
  });

  it('keeps a batch the sink refused and delivers it, in order, with the next flush', async () => {
    const sink = new RecordingSink();
    sink.failuresLeft = 1;
    const errors: number[] = [];
    const batcher = new UsageBatcher(sink, { flushIntervalMs: 60_000, onError: (_, count) => errors.push(count) });
    const first = [makeUsageEvent(), makeUsageEvent()];
    for (const event of first) batcher.record(event);
    await batcher.flush();
    expect(errors).toEqual([2]);
    expect(batcher.pending).toBe(2);
    const later = makeUsageEvent();
    batcher.record(later);
    await batcher.flush();
    expect(sink.batches).toEqual([[...first, later]]);
  });

  it('is full at its memory bound; keeps events past it by default, drops and counts them when told to serve anyway', async () => {
    for (const dropWhenFull of [false, true]) {
      const sink = new RecordingSink();
      sink.failuresLeft = 10;
      let dropped = 0;
      let recovered = 0;
      const batcher = new UsageBatcher(sink, {
        flushIntervalMs: 60_000,
        maxPendingEvents: 3,
        dropWhenFull,
        onDropped: (events) => {
          dropped += events;
        },
        onRecovered: () => {
          recovered++;
        },
      });
      for (let index = 0; index < 3; index++) batcher.record(makeUsageEvent());
      await batcher.flush();
      expect(batcher.full).toBe(true);
      batcher.record(makeUsageEvent());
      expect(batcher.pending).toBe(dropWhenFull ? 3 : 4);
      expect(dropped).toBe(dropWhenFull ? 1 : 0);
      sink.failuresLeft = 0;
      await batcher.flush();
      expect(batcher.full).toBe(false);
      expect(recovered).toBe(1);
      expect(sink.batches.flat()).toHaveLength(dropWhenFull ? 3 : 4);
    }
  });

  it('close() delivers what is pending and returns what could not be delivered', async () => {
    const sink = new RecordingSink();
    const batcher = new UsageBatcher(sink, { flushIntervalMs: 60_000 });
    batcher.record(makeUsageEvent());
    expect(await batcher.close()).toEqual([]);
    expect(sink.batches).toHaveLength(1);

    const broken = new RecordingSink();
    broken.failuresLeft = 10;
    const stuck = new UsageBatcher(broken, { flushIntervalMs: 60_000 });
    const event = makeUsageEvent();
    stuck.record(event);
    expect(await stuck.close()).toEqual([event]);
  });
});
