import type { RateLimitDecision, RateLimitDimension, RateLimitRequest } from './rate-limiter';

/** A limiter's raw answer, the same whether Lua or TypeScript computed it. */
export interface RateLimitOutcome {
  allowed: boolean;
  limitedBy?: RateLimitDimension;
  retryAfterMs: number;
  remainingRequests: number;
  resetRequestsMs: number;
  remainingTokens: number;
  resetTokensMs: number;
}

// Nothing says when a concurrent request will end; a second is a polite guess for Retry-After.
export const concurrencyRetryAfterMs = 1_000;

/** Shapes a raw outcome into the decision callers see: headers only for the limits that are set. */
export function buildRateLimitDecision(
  request: RateLimitRequest,
  outcome: RateLimitOutcome,
  admissionId: string,
): RateLimitDecision {
  const requests = request.rpmLimit !== null;
  const tokens = request.tpmLimit !== null;
  const decision: RateLimitDecision = {
    allowed: outcome.allowed,
    headers: {
      limitRequests: requests ? request.rpmLimit : null,
      remainingRequests: requests ? outcome.remainingRequests : null,
      resetRequests: requests ? outcome.resetRequestsMs : null,
      limitTokens: tokens ? request.tpmLimit : null,
      remainingTokens: tokens ? outcome.remainingTokens : null,
      resetTokens: tokens ? outcome.resetTokensMs : null,
    },
  };
  if (outcome.allowed) decision.admissionId = admissionId;
  else {
    decision.limitedBy = outcome.limitedBy;
    decision.retryAfterSeconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1_000));
  }
  return decision;
}

/** Checks a request's numbers once, so both limiters (and Lua) can trust them. Returns the token count to charge. */
export function checkRateLimitRequest(request: RateLimitRequest): number {
  for (const field of ['rpmLimit', 'tpmLimit', 'concurrencyLimit'] as const) {
    const value = request[field];
    if (value !== null && (!Number.isInteger(value) || value < 1))
      throw new RangeError(`${field} must be a positive integer or null`);
  }
  if (!Number.isFinite(request.estimatedTokens) || request.estimatedTokens < 0) {
    throw new RangeError('estimatedTokens must be a non-negative number');
  }
  if (!Number.isFinite(request.nowMs)) throw new RangeError('nowMs must be a finite number');
  return Math.ceil(request.estimatedTokens);
}
