/**
 * What one admitted gateway request used and cost, as it travels from the gateway to the
 * database: plain JSON (times in epoch milliseconds) so it survives the queue and the spool file
 * unchanged. The request id, made by the gateway, is its identity: recording it twice changes
 * nothing, and no client can make two requests share one.
 */
export interface UsageEvent {
  requestId: string;
  /** The client's own `x-request-id`, kept beside the gateway's to search by (not unique). */
  clientRequestId?: string | null;
  /**
   * The id the provider gave its answer (`resp_...`, `msg_...`, `chatcmpl-...`, `cmpl-...`): in
   * passthrough it is the body id the client holds, so the generation lookup finds it too.
   */
  upstreamId?: string | null;
  /** When the request arrived, epoch milliseconds. */
  occurredAt: number;
  /** The gateway key that made it; null when the gateway runs without keys (the demo). */
  apiKeyId: string | null;
  /** The key's team when the request ran (optional: spooled events from before teams replay). */
  teamId?: string | null;
  /** For outcome `refused`: the status the gateway answered (402, 403 or 429). */
  status?: number | null;
  /** The model id the client sent (an alias, `provider/model`, `model:floor`, ...). */
  requestedModel: string;
  /** The catalog model that served, or the requested one when no provider was called. */
  model: string;
  /** The provider of the last attempt; null when none was tried. */
  providerId: string | null;
  upstreamModel: string | null;
  /** `chat.completions` or `embeddings`. */
  endpoint: string;
  stream: boolean;
  outcome: UsageOutcome;
  attempts: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  /** The 1-hour part of cacheWriteTokens (optional: older spooled events lack it). */
  cacheWrite1hTokens?: number;
  outputTokens: number;
  reasoningTokens: number;
  /** At the price in force when the request ran, in integer micro-dollars (costPicos rounded half up once). */
  costMicros: number;
  /**
   * The exact cost in pico-dollars (10^-12 USD), what rollups and reports sum. Optional only so
   * events spooled before it existed still replay (their costMicros is used then).
   */
  costPicos?: number;
  /** What the cache hits saved against the uncached input price, pico-dollars (optional: older events lack it). */
  cacheSavingsPicos?: number;
  /** The price version that priced it; null or absent when none did. */
  priceVersionId?: string | null;
  /** Served without any price (billed 0 and flagged, never silently free). */
  unpriced?: boolean;
  /**
   * What the prompt-cache reads saved against the same tokens uncached (the gateway's priceRecord:
   * the cached tokens at the plain input price, less the real cost).
   * Optional: events spooled before it existed still replay, as 0.
   */
  cacheSavingsMicros?: number;
  /** The tokens were estimated locally because the provider reported none (a cut stream, a client that left). */
  estimated: boolean;
  /**
   * Why the tokens are estimated: `no_usage_reported`, `stream_ended_before_final_usage` (a stream
   * cut or left before its final counts: the larger of those reported and the delivered text's),
   * or `invalid_usage: ...` when the
   * provider's counts were unusable and replaced (see sanitizeTokenUsage). Absent when not.
   */
  estimatedReason?: string | null;
  /**
   * The provider reported more than the key's budget reservation held (DESIGN contract 8's
   * `overage` flag): the cost is recorded in full and the key's budget window closed.
   */
  overage?: boolean;
  latencyMs: number;
  /** Streams: milliseconds until the first byte reached the client. */
  firstTokenMs: number | null;
  errorCode: string | null;
  /**
   * The client's address (TRUSTED_PROXIES applied), for the new-address alert: recorded per key at
   * ingest, not stored in usage_events. Absent in events spooled before it existed.
   */
  clientAddress?: string | null;
  /** The request's validated tags (see attribution-limits); optional: older spooled events lack them. */
  tags?: string[];
  /** The end user the client named (`user`, `safety_identifier`, `metadata.user_id`). */
  endUser?: string | null;
}

export const usageOutcomes = [
  'success',
  'success_after_fallback',
  'upstream_error',
  'stream_interrupted',
  'client_aborted',
  'rejected',
  // The kept answer of an earlier request with the same Idempotency-Key: no provider called, zero cost.
  'idempotent_replay',
  // An answer from the exact response cache (x-switchboard-cache): no provider called, zero cost.
  'cache_hit',
  // Refused before any provider was called (402 budget, 403 scope, 429 rate): counted in the
  // rollups' `refused`, beside `requests` and never in it.
  'refused',
] as const;
export type UsageOutcome = (typeof usageOutcomes)[number];

/**
 * The flags an event carries beside its outcome (DESIGN.md contract 8): `estimated` (with
 * estimatedReason), `unpriced`. Issues add flags here, nowhere else.
 */
export const usageFlags = ['estimated', 'unpriced'] as const;
export type UsageFlag = (typeof usageFlags)[number];

/** Complete answers; the rollups count every other outcome as an error. */
export const successOutcomes: readonly UsageOutcome[] = ['success', 'success_after_fallback', 'idempotent_replay', 'cache_hit'];
