import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from './recorded-request';
import { RequestRing } from './request-ring';

function entry(sequence: number): RecordedRequest {
  return {
    sequence,
    receivedAt: 0,
    method: 'POST',
    path: '/',
    query: {},
    headers: {},
    body: undefined,
    status: 200,
    outcome: 'completed',
    stream: false,
    usageSent: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 },
    chunksSent: 0,
  };
}

describe('RequestRing', () => {
  it('keeps the last capacity entries, oldest first', () => {
    const ring = new RequestRing(3);
    for (let sequence = 1; sequence <= 5; sequence++) ring.push(entry(sequence));
    expect(ring.list().map((item) => item.sequence)).toEqual([3, 4, 5]);
  });

  it('returns copies that do not change when the live record does', () => {
    const ring = new RequestRing(2);
    const live = entry(1);
    ring.push(live);
    const snapshot = ring.list();
    live.outcome = 'client_closed';
    live.usageSent!.outputTokens = 99;
    expect(snapshot[0]!.outcome).toBe('completed');
    expect(snapshot[0]!.usageSent!.outputTokens).toBe(2);
  });

  it('empties on clear and refuses a non-positive capacity', () => {
    const ring = new RequestRing(2);
    ring.push(entry(1));
    ring.clear();
    expect(ring.list()).toEqual([]);
    ring.push(entry(2));
    expect(ring.list().map((item) => item.sequence)).toEqual([2]);
    expect(() => new RequestRing(0)).toThrow(/recordLimit/);
  });
});
