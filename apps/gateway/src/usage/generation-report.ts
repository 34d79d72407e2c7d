import { microsToUsd, type UsageEventRow } from '@switchboard/db';
import { usdFromPicos } from './add-cost-to-usage';

/**
 * One request's usage record as GET /v1/generation returns it: OpenRouter's field names where
 * they mean the same (`total_cost`, `tokens_prompt`, `native_tokens_reasoning`, `latency`, ...),
 * plus what a router adds (the provider and model that served, attempts, outcome).
 */
export function generationReport(event: UsageEventRow) {
  return {
    data: {
      id: event.requestId,
      client_request_id: event.clientRequestId,
      upstream_id: event.upstreamId,
      created_at: event.occurredAt.toISOString(),
      model: event.requestedModel,
      served_model: event.model,
      provider_name: event.providerId,
      upstream_model: event.upstreamModel,
      endpoint: event.endpoint,
      streamed: event.stream,
      outcome: event.outcome,
      cancelled: event.outcome === 'client_aborted',
      attempts: event.attempts,
      tokens_prompt: event.inputTokens,
      tokens_completion: event.outputTokens,
      native_tokens_cached: event.cachedInputTokens,
      native_tokens_cache_write: event.cacheWriteTokens,
      native_tokens_reasoning: event.reasoningTokens,
      usage_estimated: event.estimated,
      usage_estimated_reason: event.estimatedReason,
      // The provider billed more than the budget reservation held (recorded in full).
      budget_overage: event.overage,
      // Exact (from pico-dollars), as usage.cost in the answer showed it.
      total_cost: Number(usdFromPicos(event.costPicos)),
      cost_micros: event.costMicros,
      cost_picos: event.costPicos,
      price_version_id: event.priceVersionId,
      unpriced: event.unpriced,
      // What the prompt-cache reads saved against the same tokens uncached.
      cache_savings: microsToUsd(event.cacheSavingsMicros),
      cache_savings_micros: event.cacheSavingsMicros,
      latency: event.latencyMs,
      time_to_first_token: event.firstTokenMs,
      error_code: event.errorCode,
    },
  };
}
