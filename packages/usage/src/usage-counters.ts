/** What rollups and usage reports count per bucket and group. */
export interface UsageCounters {
  requests: number;
  /** Authenticated requests refused before any provider was called (402, 403, 429); not in `requests`. */
  refused: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /**
   * From the exact pico-dollar sums, never a sum of rounded events: a report's total is its exact
   * sum rounded half up once, and its rows are apportioned to add up to that total exactly (each
   * within a micro-dollar of its own exact sum), so the report, its CSV and the dashboard agree to
   * the micro-dollar, rows and totals alike.
   */
  costMicros: number;
  /** Requests served without a price (billed 0, flagged). */
  unpricedRequests: number;
  /**
   * What prompt caching saved: the cached tokens at the uncached input price minus what they
   * cost, at the prices in force when each request ran; rounded and apportioned like costMicros.
   */
  cacheSavingsMicros: number;
}

export function emptyCounters(): UsageCounters {
  return {
    requests: 0,
    refused: 0,
    errors: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costMicros: 0,
    unpricedRequests: 0,
    cacheSavingsMicros: 0,
  };
}
