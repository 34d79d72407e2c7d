/** What rollups and usage reports count per bucket and group. */
export interface UsageCounters {
  requests: number;
  errors: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /**
   * The exact pico-dollar sum rounded half up once to micro-dollars (never a sum of rounded
   * events), so a report, its CSV and the dashboard agree to the micro-dollar; a total is its own
   * exact sum rounded once, which may differ from the sum of its rounded rows by under half a
   * micro-dollar per row.
   */
  costMicros: number;
  /** Requests served without a price (billed 0, flagged). */
  unpricedRequests: number;
}

export function emptyCounters(): UsageCounters {
  return {
    requests: 0,
    errors: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costMicros: 0,
    unpricedRequests: 0,
  };
}
