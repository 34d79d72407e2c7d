import { openAiRateLimitHeaders, type RateLimitDecision } from '@switchboard/access';
import type { BudgetPeriod } from '@switchboard/db';
import { GatewayError } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';
import type { PriceRates } from '@switchboard/usage';
import type { RequestRecord } from '../app/request-record';
import type { Attempt } from '../attempts/plan-attempts';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { inputUpperBound } from '../routing/estimate-input-tokens';
import type { AccessControl } from './access-control';
import { budgetExhaustedError } from './budget-exhausted-error';
import { reservationPrices } from './reservation-prices';

/** Output tokens assumed when a request sets no max_tokens and its model lists no default or maximum. */
const FALLBACK_OUTPUT_TOKENS = 4_096;

export interface Admission {
  rateLimitId: string | undefined;
  reservationId: string | undefined;
  /** The key's budget when admitted, so an overage closes the window at it. */
  budgetLimitMicros?: number;
  /** The team's budget when the reservation also holds the team's window. */
  teamBudgetLimitMicros?: number;
  /** What the reservation held, to say by how much a provider passed it. */
  reservedMicros?: number;
}

/** What the output limit of a request is, before any budget: the client's (largest) value, or the models' default. */
interface OutputPlan {
  /** The limit the request goes with unless the budget lowers it. */
  tokens: number;
  /** The client set none: a budgeted key is sent `tokens` with reason=default. */
  defaulted: boolean;
  /** What fits every planned model's output maximum and context window beside the prompt. */
  ceiling: number;
}

function outputPlan(record: RequestRecord, request: RouteRequest, attempts: Attempt[]): OutputPlan {
  let ceiling = Number.POSITIVE_INFINITY;
  let fallback = Number.POSITIVE_INFINITY;
  for (const attempt of attempts) {
    const model = attempt.model;
    if (model.maxOutputTokens !== undefined) ceiling = Math.min(ceiling, model.maxOutputTokens);
    // Context windows are checked with inputEstimate (contract 4), as routing does.
    if (model.contextWindow !== undefined) ceiling = Math.min(ceiling, model.contextWindow - request.estimatedInputTokens);
    fallback = Math.min(fallback, model.defaultOutputTokens ?? model.maxOutputTokens ?? FALLBACK_OUTPUT_TOKENS);
  }
  if (!Number.isFinite(fallback)) fallback = FALLBACK_OUTPUT_TOKENS;
  const requested = record.outputLimit?.requested ?? request.maxOutputTokens;
  const wanted = requested ?? fallback;
  const bounded = Number.isFinite(ceiling) ? Math.max(1, Math.min(wanted, ceiling)) : wanted;
  return { tokens: bounded, defaulted: requested === undefined, ceiling };
}

/** The prompt's upper bound for one attempt (contract 4), or the estimate where the surface measured nothing. */
function inputBoundFor(record: RequestRecord, request: RouteRequest, attempt: Attempt): number {
  const size = record.inputSize;
  if (size === undefined) return request.estimatedInputTokens;
  return inputUpperBound(size, attempt.provider.adapter, attempt.model.upstream);
}

/**
 * The budget reservation's two parts over the planned attempts: the input at its upper bound and
 * the dearest input price (cache writes at the write price), and the dearest output price per
 * token, for the ledger to size the output part (and so max_tokens) to what the window has left.
 */
function reservationShape(record: RequestRecord, request: RouteRequest, attempts: Attempt[], ratesFor?: RatesForAttempt) {
  let inputMicros = 0;
  let outputMicrosPerMillion = 0;
  const cacheWrite = record.inputSize?.cacheWrite === true;
  for (const attempt of attempts) {
    const inputBound = inputBoundFor(record, request, attempt);
    const prices = reservationPrices(attempt.provider, attempt.model, cacheWrite, ratesFor?.(attempt, inputBound));
    inputMicros = Math.max(inputMicros, Math.ceil((inputBound * prices.inputMicrosPerMillion) / 1_000_000));
    outputMicrosPerMillion = Math.max(outputMicrosPerMillion, prices.outputMicrosPerMillion);
  }
  return { inputMicros, outputMicrosPerMillion };
}

/** 429 (or 503 when the shared limiter is unreachable and failing closed) for a refused admission. */
function rateLimitError(decision: RateLimitDecision, teamName?: string): GatewayError {
  if (decision.degraded && !decision.limitedBy) {
    return new GatewayError({
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
  return new GatewayError({
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    message: `Rate limit reached for ${teamName === undefined ? 'this API key' : `team ${teamName}`} (${limit}). Retry after ${decision.retryAfterSeconds ?? 1} s.`,
    retryAfter: decision.retryAfterSeconds ?? 1,
    headers: openAiRateLimitHeaders(decision),
  });
}

/**
 * Admission for a keyed request, after planning and before any upstream call: the key's rate
 * limits, then its budget. Both reserve an upper bound (the input's `inputUpperBound` and the
 * output limit that will really be sent upstream) and settle to the actual count, so neither
 * concurrent requests nor a prompt in any script can pass a limit. For a budgeted key the output
 * limit is set or lowered to what fits (DESIGN contract 3), written into the upstream body and
 * announced in `x-switchboard-max-tokens`. 429 with Retry-After and OpenAI's x-ratelimit
 * headers, or 402 through the error table.
 */
/** The price book's rates in force for an attempt and a prompt of `inputTokens`, if it has any. */
export type RatesForAttempt = (attempt: Attempt, inputTokens: number) => PriceRates | undefined;

export async function admitRequest(
  access: AccessControl,
  record: RequestRecord,
  request: RouteRequest,
  attempts: Attempt[],
  ratesFor?: RatesForAttempt,
): Promise<Admission> {
  const key = record.apiKey!;
  const team = key.team ?? null;
  const nowMs = Date.now();
  record.estimatedInputTokens = request.estimatedInputTokens;
  const output = request.kind === 'chat' ? outputPlan(record, request, attempts) : undefined;
  let inputBound = request.estimatedInputTokens;
  for (const attempt of attempts) inputBound = Math.max(inputBound, inputBoundFor(record, request, attempt));
  // A rotated key's successor spends and is limited under its predecessor's identity.
  const ledgerId = key.ledgerKeyId ?? key.id;
  const keyBudgeted = key.budgetMicros !== null && key.budgetPeriod !== null;
  const teamBudgeted = team !== null && team.budgetMicros !== null && team.budgetPeriod !== null;
  const budgeted = keyBudgeted || teamBudgeted;
  // The first budget the ledger checks: the key's, or the team's when only the team has one.
  const primary = keyBudgeted
    ? { id: ledgerId, limitMicros: key.budgetMicros!, period: key.budgetPeriod! }
    : teamBudgeted
      ? { id: team!.id, limitMicros: team!.budgetMicros!, period: team!.budgetPeriod! }
      : undefined;
  const secondary =
    keyBudgeted && teamBudgeted ? { teamId: team!.id, limitMicros: team!.budgetMicros!, period: team!.budgetPeriod! } : undefined;
  const teamLimited = team !== null && (team.rpmLimit !== null || team.tpmLimit !== null || team.concurrencyLimit !== null);
  const shape = budgeted ? reservationShape(record, request, attempts, ratesFor) : undefined;
  const minimumTokens = Math.min(record.outputLimit?.minimumTokens ?? 1, output?.tokens ?? 1);
  // Recorded spend is seeded into the ledger before a window's first reservation (rarely any I/O).
  if (primary) {
    const seeding = access.budgetSeeder?.ensure(primary.id, primary.period, nowMs);
    if (seeding) await seeding;
  }
  if (secondary) {
    const seeding = access.budgetSeeder?.ensure(secondary.teamId, secondary.period, nowMs);
    if (seeding) await seeding;
  }
  const estimatedTokens = inputBound + (output?.tokens ?? 0);
  // Rate limits and the budget are asked at once: both scripts leave in the same tick, so the
  // Redis client (auto-pipelining) sends them in one round trip (DESIGN contract 11). Each script
  // holds the key and its team together (all of them have room, or nothing is charged).
  // Whichever refuses, the other's hold is given back: an extra call only on the refusal path.
  // A key without a team sends exactly what it sent before.
  const [limited, reserved] = await Promise.allSettled([
    access.limiter.admit({
      keyId: ledgerId,
      rpmLimit: key.rpmLimit,
      tpmLimit: key.tpmLimit,
      concurrencyLimit: key.concurrencyLimit,
      estimatedTokens,
      nowMs,
      team: teamLimited
        ? { teamId: team!.id, rpmLimit: team!.rpmLimit, tpmLimit: team!.tpmLimit, concurrencyLimit: team!.concurrencyLimit }
        : undefined,
    }),
    primary
      ? access.ledger.reserve({
          keyId: primary.id,
          limitMicros: primary.limitMicros,
          period: primary.period,
          amountMicros: shape!.inputMicros,
          output:
            output && shape!.outputMicrosPerMillion > 0
              ? { microsPerMillionTokens: shape!.outputMicrosPerMillion, maxTokens: output.tokens, minTokens: minimumTokens }
              : undefined,
          team: secondary,
          nowMs,
        })
      : Promise.resolve(undefined),
  ]);
  const reservation = reserved.status === 'fulfilled' ? reserved.value : undefined;
  const decision = limited.status === 'fulfilled' ? limited.value : undefined;
  if (decision === undefined || !decision.allowed) {
    if (reservation?.allowed) await access.ledger.settle(reservation.reservationId!, 0, nowMs);
    if (decision === undefined) throw (limited as PromiseRejectedResult).reason;
    throw rateLimitError(decision, decision.limitedScope === 'team' ? team!.name : undefined);
  }
  const headers = openAiRateLimitHeaders(decision);
  record.responseHeaders = headers;
  const admission: Admission = { rateLimitId: decision.admissionId, reservationId: undefined };
  if (!budgeted) return admission;
  if (reservation === undefined || !reservation.allowed) {
    // Nothing will settle this admission: give its concurrency slot back now, or it stays held
    // for the whole lease (15 minutes) and a key with a small limit is locked out.
    if (admission.rateLimitId) await access.limiter.release(admission.rateLimitId, 0);
    if (reservation === undefined) throw (reserved as PromiseRejectedResult).reason;
    const smallestCost = shape!.inputMicros + Math.ceil((minimumTokens * shape!.outputMicrosPerMillion) / 1_000_000);
    const byTeam = reservation.refusedBy === 'team' || !keyBudgeted;
    const figures = reservation.refusedBy === 'team' && reservation.team ? reservation.team : reservation;
    const refusedPeriod = byTeam ? team!.budgetPeriod! : key.budgetPeriod!;
    throw budgetExhaustedError({
      period: refusedPeriod as BudgetPeriod,
      limitMicros: byTeam ? team!.budgetMicros! : key.budgetMicros!,
      remainingMicros: figures.remainingMicros,
      spentMicros: figures.spentMicros,
      reservedMicros: figures.reservedMicros,
      costMicros: output ? smallestCost : shape!.inputMicros,
      closed: figures.closed,
      overageMicros: figures.overageMicros,
      windowEndMs: figures.windowEndMs,
      teamName: byTeam ? team!.name : undefined,
    });
  }
  admission.reservationId = reservation.reservationId;
  admission.budgetLimitMicros = primary!.limitMicros;
  if (secondary) admission.teamBudgetLimitMicros = secondary.limitMicros;
  admission.reservedMicros = reservation.reservedAmountMicros;
  if (output && record.outputLimit) {
    // Free output (no price) reserves nothing, so nothing lowers it.
    const tokens = shape!.outputMicrosPerMillion > 0 ? reservation.outputTokens : output.tokens;
    const lowered = tokens < (record.outputLimit.requested ?? output.tokens);
    if (output.defaulted || lowered) {
      record.maxTokensSent = tokens;
      const reason = lowered ? 'budget' : 'default';
      record.responseHeaders = { ...headers, 'x-switchboard-max-tokens': `${tokens}; reason=${reason}` };
    }
  }
  return admission;
}

/**
 * Ends an admission with what really happened: actual tokens for the rate limit, actual cost for
 * the budget (both fixed by finalizeRequestUsage, estimated when the provider reported none).
 * A cost above the reservation is an overage: recorded in full, counted in a metric, flagged on
 * the usage event, and it closes the key's budget window (the ledger does that).
 */
export async function settleAdmission(
  access: AccessControl,
  admission: Admission,
  record: RequestRecord,
  metrics?: GatewayMetrics,
): Promise<void> {
  const usage = record.usage;
  const actualTokens = usage ? usage.inputTokens + usage.outputTokens : 0;
  const [, settlement] = await Promise.all([
    admission.rateLimitId ? access.limiter.release(admission.rateLimitId, actualTokens) : undefined,
    admission.reservationId
      ? access.ledger.settle(
          admission.reservationId,
          record.costMicros ?? 0,
          Date.now(),
          admission.budgetLimitMicros,
          admission.teamBudgetLimitMicros,
        )
      : undefined,
  ]);
  const overage = Math.max(settlement?.overageMicros ?? 0, settlement?.teamOverageMicros ?? 0);
  if (settlement && overage > 0) {
    record.overageMicros = overage;
    const provider = record.provider ?? 'none';
    metrics?.budgetOverages({ provider });
    metrics?.budgetOverageMicros({ provider }, overage);
  }
}
