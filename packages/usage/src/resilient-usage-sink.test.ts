import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResilientUsageSink } from './resilient-usage-sink';
import { makeUsageEvent } from './testing/make-usage-event';
import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';
import { UsageSpool } from './usage-spool';

class FlakyQueue implements UsageSink {
  up = true;
  received: UsageEvent[] = [];
  async deliver(events: UsageEvent[]) {
    if (!this.up) throw new Error('ECONNREFUSED');
    this.received.push(...events);
  }
  async close() {}
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'resilient-sink-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('ResilientUsageSink', () => {
  it('spools while the queue is down and replays into it once it is back, losing nothing', async () => {
    const queue = new FlakyQueue();
    const spooled: number[] = [];
    const sink = new ResilientUsageSink(queue, new UsageSpool(join(directory, 'spool.jsonl')), {
      replayIntervalMs: 60_000,
      onSpooled: (count) => spooled.push(count),
    });
    const before = makeUsageEvent();
    await sink.deliver([before]);
    queue.up = false;
    const during = [makeUsageEvent(), makeUsageEvent(), makeUsageEvent()];
    await sink.deliver(during.slice(0, 1));
    expect(sink.degraded).toBe(true);
    // While spooling, later batches go to the spool too, even if the queue came back meanwhile.
    queue.up = true;
    await sink.deliver(during.slice(1));
    expect(queue.received).toEqual([before]);
    expect(spooled).toEqual([1]);

    await sink.replay();
    expect(queue.received).toEqual([before, ...during]);
    expect(sink.degraded).toBe(false);
    const after = makeUsageEvent();
    await sink.deliver([after]);
    expect(queue.received.at(-1)).toEqual(after);
    await sink.close();
  });

  it('a replay while the queue is still down keeps the events for later, and says so once', async () => {
    const queue = new FlakyQueue();
    queue.up = false;
    const failures: unknown[] = [];
    const sink = new ResilientUsageSink(queue, new UsageSpool(join(directory, 'spool.jsonl')), {
      replayIntervalMs: 60_000,
      onReplayFailed: (error) => failures.push(error),
    });
    const event = makeUsageEvent();
    await sink.deliver([event]);
    await sink.replay();
    await sink.replay();
    expect(queue.received).toEqual([]);
    expect(failures).toHaveLength(1);
    queue.up = true;
    await sink.replay();
    expect(queue.received).toEqual([event]);
    await sink.close();
  });
});
