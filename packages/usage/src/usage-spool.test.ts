import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeUsageEvent } from './testing/make-usage-event';
import type { UsageEvent } from './usage-event';
import { UsageSpool, UsageSpoolFullError } from './usage-spool';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'usage-spool-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('UsageSpool', () => {
  it('replays every appended event once, in order, then is empty', async () => {
    const spool = new UsageSpool(join(directory, 'spool.jsonl'));
    const events = Array.from({ length: 1_203 }, () => makeUsageEvent());
    await Promise.all([spool.append(events.slice(0, 600)), spool.append(events.slice(600))]);
    expect(await spool.hasEvents()).toBe(true);
    const delivered: UsageEvent[] = [];
    const result = await spool.replay(async (chunk) => {
      delivered.push(...chunk);
    });
    expect(result).toEqual({ replayed: 1_203, unreadable: 0 });
    expect(delivered).toEqual(events);
    expect(await spool.hasEvents()).toBe(false);
    expect((await spool.replay(async () => {})).replayed).toBe(0);
  });

  it('keeps the events when delivery fails, and appends made meanwhile are not lost', async () => {
    const spool = new UsageSpool(join(directory, 'spool.jsonl'));
    const first = [makeUsageEvent(), makeUsageEvent()];
    await spool.append(first);
    const late = makeUsageEvent();
    await expect(
      spool.replay(async () => {
        await spool.append([late]);
        throw new Error('still down');
      }),
    ).rejects.toThrow('still down');
    const delivered: UsageEvent[] = [];
    // The interrupted replay's file first, then the one appended during it.
    await spool.replay(async (chunk) => {
      delivered.push(...chunk);
    });
    expect(delivered).toEqual(first);
    await spool.replay(async (chunk) => {
      delivered.push(...chunk);
    });
    expect(delivered).toEqual([...first, late]);
    expect(await spool.hasEvents()).toBe(false);
  });

  it('skips a line cut by a crash and counts it', async () => {
    const path = join(directory, 'spool.jsonl');
    const event = makeUsageEvent();
    await writeFile(path, `${JSON.stringify(event)}\n{"requestId":"req_cu`);
    const delivered: UsageEvent[] = [];
    const result = await new UsageSpool(path).replay(async (chunk) => {
      delivered.push(...chunk);
    });
    expect(result).toEqual({ replayed: 1, unreadable: 1 });
    expect(delivered).toEqual([event]);
  });

  it('writes whole JSON lines and nothing but the events', async () => {
    const path = join(directory, 'spool.jsonl');
    const event = makeUsageEvent({ requestId: 'req_line' });
    await new UsageSpool(path).append([event]);
    expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(event)}\n`);
  });

  it('refuses an append past its size limit without writing it, counting a spool left by an earlier run, and takes appends again after a replay', async () => {
    const path = join(directory, 'spool.jsonl');
    const one = `${JSON.stringify(makeUsageEvent())}\n`;
    // A file a previous process left counts against the limit.
    await writeFile(path, one);
    const spool = new UsageSpool(path, { limitBytes: Buffer.byteLength(one) * 3 + 10 });
    await spool.append([makeUsageEvent(), makeUsageEvent()]);
    expect(spool.full).toBe(false);
    const sizeBefore = (await readFile(path, 'utf8')).length;
    await expect(spool.append([makeUsageEvent()])).rejects.toBeInstanceOf(UsageSpoolFullError);
    expect(spool.full).toBe(true);
    expect((await readFile(path, 'utf8')).length).toBe(sizeBefore);
    expect(spool.bytes).toBe(sizeBefore);

    const replayed: UsageEvent[] = [];
    expect((await spool.replay(async (events) => void replayed.push(...events))).replayed).toBe(3);
    expect(spool.full).toBe(false);
    await spool.append([makeUsageEvent()]);
    expect(spool.bytes).toBe(Buffer.byteLength(one));
  });
});
