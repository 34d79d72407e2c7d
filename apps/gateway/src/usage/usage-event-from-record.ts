import type { UsageEvent, UsageOutcome } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';

/** The billing record of a finished request: call after finalizeRequestUsage. */
export function usageEventFromRecord(record: RequestRecord, finishedAt: number): UsageEvent {
  const usage = record.usage;
  const called = record.attempts > 0;
  return {
    requestId: record.requestId,
    occurredAt: record.startedAt,
    apiKeyId: record.apiKey?.id ?? null,
    requestedModel: record.requestedModel ?? '',
    model: record.servedModelId ?? record.requestedModel ?? '',
    providerId: called ? (record.provider ?? null) : null,
    upstreamModel: called ? (record.upstreamModel ?? null) : null,
    endpoint: record.route,
    stream: record.stream === true,
    outcome: (record.outcome ?? 'rejected') as UsageOutcome,
    attempts: record.attempts,
    inputTokens: usage?.inputTokens ?? 0,
    cachedInputTokens: usage?.cachedInputTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    costMicros: record.costMicros ?? 0,
    estimated: record.usageEstimated === true,
    latencyMs: Math.max(0, finishedAt - record.startedAt),
    firstTokenMs: record.stream && record.firstByteMs !== undefined ? record.firstByteMs : null,
    errorCode: record.errorCode ?? null,
  };
}
