import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../app/request-record';
import { usageEventFromRecord } from './usage-event-from-record';

function record(overrides: Partial<RequestRecord>): RequestRecord {
  return { requestId: 'req_1', route: 'chat.completions', startedAt: 1_000, attempts: 1, attemptLog: [], ...overrides };
}

describe('usageEventFromRecord', () => {
  it('keeps counts an upstream reported as nonsense inside what the database can store', () => {
    const event = usageEventFromRecord(
      record({
        requestedModel: 'm',
        provider: 'p',
        outcome: 'success',
        usage: {
          inputTokens: 1e12,
          cachedInputTokens: -5,
          cacheWriteTokens: Number.NaN,
          outputTokens: 12.6,
          reasoningTokens: Number.POSITIVE_INFINITY,
        },
      }),
      1_250,
    );
    expect(event).toMatchObject({
      inputTokens: 2_147_483_647,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 13,
      reasoningTokens: 0,
      latencyMs: 250,
    });
  });

  it('names no provider for a request that never reached one, and bills it under the requested model', () => {
    const event = usageEventFromRecord(record({ requestedModel: 'chat-default', attempts: 0, provider: 'p' }), 1_001);
    expect(event).toMatchObject({
      providerId: null,
      upstreamModel: null,
      model: 'chat-default',
      outcome: 'rejected',
      attempts: 0,
    });
  });

  it("keeps the client's request id beside the gateway's, and the reason only for an estimate", () => {
    const estimated = usageEventFromRecord(
      record({ clientRequestId: 'trace-1', usageEstimated: true, usageEstimateReason: 'no_usage_reported' }),
      1_001,
    );
    expect(estimated).toMatchObject({
      requestId: 'req_1',
      clientRequestId: 'trace-1',
      estimated: true,
      estimatedReason: 'no_usage_reported',
    });
    const reported = usageEventFromRecord(record({ usageEstimateReason: 'stale' }), 1_001);
    expect(reported).toMatchObject({ clientRequestId: null, estimated: false, estimatedReason: null });
  });
});
