import type { UsageEvent } from '../usage-event';

let sequence = 0;

/** A complete, successful usage event for tests; override any field. */
export function makeUsageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  sequence++;
  return {
    requestId: `req_test_${Date.now().toString(36)}_${sequence}`,
    occurredAt: Date.UTC(2026, 10, 29, 10, 15, 30),
    apiKeyId: 'key_a',
    requestedModel: 'deepseek-v4-flash',
    model: 'deepseek-v4-flash',
    providerId: 'deepseek',
    upstreamModel: 'deepseek-v4-flash',
    endpoint: 'chat.completions',
    stream: false,
    outcome: 'success',
    attempts: 1,
    inputTokens: 100,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 50,
    reasoningTokens: 0,
    costMicros: 28,
    estimated: false,
    latencyMs: 120,
    firstTokenMs: null,
    errorCode: null,
    ...overrides,
  };
}
