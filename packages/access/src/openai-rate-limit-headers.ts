import type { RateLimitDecision } from './rate-limiter';

/**
 * The response headers OpenAI sends for rate limits (x-ratelimit-limit-requests, ...-remaining-,
 * ...-reset- and their -tokens twins), plus Retry-After on a refusal. SDKs and clients written
 * against OpenAI read these, so the gateway speaks the same dialect. Limits that are not set
 * produce no headers.
 */
export function openAiRateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {};
  const { limitRequests, remainingRequests, resetRequests, limitTokens, remainingTokens, resetTokens } = decision.headers;
  if (limitRequests !== null && remainingRequests !== null && resetRequests !== null) {
    headers['x-ratelimit-limit-requests'] = String(limitRequests);
    headers['x-ratelimit-remaining-requests'] = String(remainingRequests);
    headers['x-ratelimit-reset-requests'] = formatResetDuration(resetRequests);
  }
  if (limitTokens !== null && remainingTokens !== null && resetTokens !== null) {
    headers['x-ratelimit-limit-tokens'] = String(limitTokens);
    headers['x-ratelimit-remaining-tokens'] = String(remainingTokens);
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(resetTokens);
  }
  if (!decision.allowed && decision.retryAfterSeconds !== undefined) headers['retry-after'] = String(decision.retryAfterSeconds);
  return headers;
}

/** Milliseconds in the Go duration style OpenAI's reset headers use: `20ms`, `1.5s`, `6m0s`, `1h2m3s`. */
export function formatResetDuration(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds));
  if (total < 1_000) return total === 0 ? '0s' : `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  // Thousandths of a second, without trailing zeros (1.500 -> 1.5, 2.000 -> 2).
  const seconds = String((total % 60_000) / 1_000);
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
