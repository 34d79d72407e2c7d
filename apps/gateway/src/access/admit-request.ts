import { type BudgetReservation, openAiRateLimitHeaders } from '@switchboard/access';
import { microsToUsd } from '@switchboard/db';
import { GatewayError } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';
import { computeCostMicros } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';
import type { Attempt } from '../attempts/plan-attempts';
import type { AccessControl } from './access-control';

/** Output tokens assumed when a request sets no max_tokens and its model lists no maximum. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

export interface Admission {
  rateLimitId: string | undefined;
  reservationId: string | undefined;
}

function worstCaseCostMicros(request: RouteRequest, attempts: Attempt[]): number {
  let worst = 0;
  for (const attempt of attempts) {
    const maxOutput = request.maxOutputTokens ?? attempt.model.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    const usage = {
      inputTokens: request.estimatedInputTokens,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: maxOutput,
      reasoningTokens: 0,
    };
    worst = Math.max(worst, computeCostMicros(usage, attempt.model.price));
  }
  return worst;
}

/**
 * Admission for a keyed request, after planning and before any upstream call: the key's rate
 * limits (one Redis round trip) and then its budget, reserving the worst case over the planned
 * attempts (estimated input + max output at the dearest candidate's price), so concurrent
 * requests can never overspend. 429 with Retry-After and OpenAI's x-ratelimit headers, or 402.
 */
export async function admitRequest(
  access: AccessControl,
  record: RequestRecord,
  request: RouteRequest,
  attempts: Attempt[],
): Promise<Admission> {
  const key = record.apiKey!;
  const nowMs = Date.now();
  record.estimatedInputTokens = request.estimatedInputTokens;
  const estimatedTokens = request.estimatedInputTokens + (request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS);
  const decision = await access.limiter.admit({
    keyId: key.id,
    rpmLimit: key.rpmLimit,
    tpmLimit: key.tpmLimit,
    concurrencyLimit: key.concurrencyLimit,
    estimatedTokens,
    nowMs,
  });
  const headers = openAiRateLimitHeaders(decision);
  if (!decision.allowed) {
    if (decision.degraded && !decision.limitedBy) {
      throw new GatewayError({
        status: 503,
        type: 'service_unavailable',
        code: 'rate_limiter_unavailable',
        message: 'Rate limits cannot be checked right now; try again shortly.',
        retryAfter: 1,
      });
    }
    const limit =
      decision.limitedBy === 'tokens'
        ? 'tokens per minute'
        : decision.limitedBy === 'concurrency'
          ? 'concurrent requests'
          : 'requests per minute';
    throw new GatewayError({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      message: `Rate limit reached for this API key (${limit}). Retry after ${decision.retryAfterSeconds ?? 1} s.`,
      retryAfter: decision.retryAfterSeconds ?? 1,
      headers,
    });
  }
  record.responseHeaders = headers;
  const admission: Admission = { rateLimitId: decision.admissionId, reservationId: undefined };
  if (key.budgetMicros === null || key.budgetPeriod === null) return admission;

  const amountMicros = worstCaseCostMicros(request, attempts);
  let reservation: BudgetReservation;
  try {
    const seeding = access.budgetSeeder?.ensure(key.id, key.budgetPeriod, nowMs);
    if (seeding) await seeding;
    reservation = await access.ledger.reserve({
      keyId: key.id,
      limitMicros: key.budgetMicros,
      period: key.budgetPeriod,
      amountMicros,
      nowMs,
    });
  } catch (error) {
    // Nothing will settle this admission: give its concurrency slot back now, or it stays held
    // for the whole lease (15 minutes) and a key with a small limit is locked out.
    if (admission.rateLimitId) await access.limiter.release(admission.rateLimitId, 0);
    throw error;
  }
  if (!reservation.allowed) {
    if (admission.rateLimitId) await access.limiter.release(admission.rateLimitId, 0);
    throw new GatewayError({
      status: 402,
      type: 'insufficient_quota',
      code: 'budget_exhausted',
      message: `This API key's ${key.budgetPeriod} budget of $${microsToUsd(key.budgetMicros)} is used up: $${microsToUsd(reservation.remainingMicros)} left, and this request may cost up to $${microsToUsd(amountMicros)}. Lower max_tokens or raise the budget.`,
    });
  }
  admission.reservationId = reservation.reservationId;
  return admission;
}

/**
 * Ends an admission with what really happened: actual tokens for the rate limit, actual cost for
 * the budget (both fixed by finalizeRequestUsage, estimated when the provider reported none).
 */
export async function settleAdmission(access: AccessControl, admission: Admission, record: RequestRecord): Promise<void> {
  const usage = record.usage;
  const actualTokens = usage ? usage.inputTokens + usage.outputTokens : 0;
  await Promise.all([
    admission.rateLimitId ? access.limiter.release(admission.rateLimitId, actualTokens) : undefined,
    admission.reservationId ? access.ledger.settle(admission.reservationId, record.costMicros ?? 0) : undefined,
  ]);
}
