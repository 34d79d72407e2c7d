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
  costMicros: number;
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
  };
}
