import type { UsageEvent, UsageOutcome } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';
import { billedAt, isUnpriced } from './served-price';

const LARGEST_COUNT = 2_147_483_647;

/**
 * A token count or duration as the database column holds it (a 32-bit integer). An upstream that
 * reports nonsense (negative, fractional, astronomically large) must not make the batch carrying
 * this event fail to store, which would hold back every event queued behind it.
 */
function count(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return 0;
  return Math.min(Math.round(value), LARGEST_COUNT);
}

/** The billing record of a finished request: call after finalizeRequestUsage. */
export function usageEventFromRecord(record: RequestRecord, finishedAt: number): UsageEvent {
  const usage = record.usage;
  const called = record.attempts > 0;
  return {
    requestId: record.requestId,
    clientRequestId: record.clientRequestId ?? null,
    upstreamId: called ? (record.upstreamId ?? null) : null,
    occurredAt: billedAt(record),
    apiKeyId: record.apiKey?.id ?? null,
    teamId: record.apiKey?.teamId ?? null,
    requestedModel: record.requestedModel ?? '',
    model: record.servedModelId ?? record.requestedModel ?? '',
    providerId: called ? (record.provider ?? null) : null,
    upstreamModel: called ? (record.upstreamModel ?? null) : null,
    endpoint: record.route,
    stream: record.stream === true,
    outcome: (record.outcome ?? 'rejected') as UsageOutcome,
    attempts: count(record.attempts),
    inputTokens: count(usage?.inputTokens),
    cachedInputTokens: count(usage?.cachedInputTokens),
    cacheWriteTokens: count(usage?.cacheWriteTokens),
    cacheWrite1hTokens: count(usage?.cacheWrite1hTokens),
    outputTokens: count(usage?.outputTokens),
    reasoningTokens: count(usage?.reasoningTokens),
    costMicros: record.costMicros ?? 0,
    costPicos: record.costPicos ?? (record.costMicros ?? 0) * 1_000_000,
    cacheSavingsPicos: record.cacheSavingsPicos ?? 0,
    priceVersionId: record.servedPrice?.versionId ?? null,
    unpriced: called && isUnpriced(record.servedPrice),
    cacheSavingsMicros: record.cacheSavingsMicros ?? 0,
    estimated: record.usageEstimated === true,
    estimatedReason: record.usageEstimated === true ? (record.usageEstimateReason ?? null) : null,
    overage: (record.overageMicros ?? 0) > 0,
    latencyMs: count(finishedAt - record.startedAt),
    firstTokenMs: record.stream && record.firstByteMs !== undefined ? count(record.firstByteMs) : null,
    errorCode: record.errorCode ?? null,
    clientAddress: record.clientAddress ?? null,
    tags: record.tags ?? [],
    endUser: record.endUser ?? null,
  };
}
