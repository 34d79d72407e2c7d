import type { ServerResponse } from 'node:http';
import { GatewayError } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { AttemptSignal } from '../upstream/attempt-signal';
import { billedAt, isUnpriced, servedPriceFor } from '../usage/served-price';
import type { AttemptResult } from './attempt-result';
import type { Attempt } from './plan-attempts';

/**
 * Tells the router how the attempt went, so statistics and circuit breakers follow reality.
 * A client's own mistake (a 4xx the next provider would give too) and a client that left say
 * nothing about the provider and are not reported.
 */
function reportOutcome(
  gateway: GatewayContext,
  attempt: Attempt,
  result: AttemptResult,
  record: RequestRecord,
  attemptStarted: number,
) {
  const now = Date.now();
  // Each report is one object literal of one shape (no spread of a shared base): the router's
  // recording code then sees a single hidden class, and nothing is copied per attempt.
  if (result.kind === 'served') {
    const firstByteAt = record.firstByteMs === undefined ? undefined : record.startedAt + record.firstByteMs;
    const usage = record.usage;
    gateway.router.reportOutcome(
      {
        providerId: attempt.provider.id,
        keyId: attempt.keyId,
        modelId: attempt.model.id,
        streamed: record.stream === true,
        kind: record.outcome === 'stream_interrupted' ? 'error' : 'success',
        latencyMs: now - attemptStarted,
        firstTokenMs: record.stream && firstByteAt !== undefined ? Math.max(0, firstByteAt - attemptStarted) : undefined,
        outputTokens: usage?.outputTokens,
        inputTokens: usage?.inputTokens,
        cachedInputTokens: usage?.cachedInputTokens,
        retryAfterMs: undefined,
      },
      now,
    );
    return;
  }
  if (result.kind !== 'failed') return;
  const { error, upstreamStatus, retryable } = result.failure;
  const kind =
    error.code === 'upstream_timeout' ? 'timeout' : upstreamStatus === 429 ? 'rate_limited' : retryable ? 'error' : undefined;
  if (!kind) return;
  gateway.router.reportOutcome(
    {
      providerId: attempt.provider.id,
      keyId: attempt.keyId,
      modelId: attempt.model.id,
      streamed: record.stream === true,
      kind,
      latencyMs: now - attemptStarted,
      firstTokenMs: undefined,
      outputTokens: undefined,
      inputTokens: undefined,
      cachedInputTokens: undefined,
      retryAfterMs: error.retryAfter === undefined ? undefined : error.retryAfter * 1000,
    },
    now,
  );
}

function unpricedRefusal(attempt: Attempt): GatewayError {
  return new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'model_unpriced',
    param: 'model',
    message: `Model '${attempt.provider.id}/${attempt.model.id}' has no price in force, and this gateway refuses unpriced models (SWITCHBOARD_UNPRICED=refuse); an admin can add a price version at /admin/prices.`,
  });
}

export type AttemptRunner = (attempt: Attempt, attemptNumber: number, signal: CancelSignal) => Promise<AttemptResult>;

/**
 * Tries the planned attempts in order until one serves the client. A retryable failure moves on;
 * a client error or the last failure is thrown for the route to answer. A client that went away
 * ends everything at once (its abort signal has already cancelled the upstream request).
 */
export async function runAttempts(
  gateway: GatewayContext,
  attempts: Attempt[],
  clientSignal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
  run: AttemptRunner,
): Promise<void> {
  let lastError: GatewayError | undefined;
  record.telemetry?.planned(attempts);
  for (let index = 0; index < attempts.length; index++) {
    if (clientSignal.aborted) break;
    const remainingMs = record.startedAt + gateway.settings.timeouts.requestMs - Date.now();
    // The request's own deadline caps fallback: no new attempt once it has passed.
    if (index > 0 && remainingMs <= 0) break;
    const attempt = attempts[index]!;
    if (gateway.settings.unpricedModels === 'refuse' && isUnpriced(servedPriceFor(gateway, attempt, billedAt(record)))) {
      // DESIGN.md contract 7: refusing unpriced models is a setting; the default serves and flags them.
      gateway.metrics.unpricedRefused({ provider: attempt.provider.id, model: attempt.model.id });
      lastError = unpricedRefusal(attempt);
      continue;
    }
    record.attempts = index + 1;
    record.provider = attempt.provider.id;
    record.upstreamModel = attempt.model.upstream;
    const attemptSignal = new AttemptSignal(clientSignal, Math.max(1, Math.min(gateway.settings.timeouts.totalMs, remainingMs)));
    const attemptStarted = Date.now();
    const attemptStartedPrecise = performance.now();
    record.telemetry?.attemptStarted(attempt, index + 1, record);
    let result: AttemptResult;
    try {
      result = await run(attempt, index + 1, attemptSignal.signal);
    } finally {
      attemptSignal.dispose();
    }
    const attemptSeconds = (performance.now() - attemptStartedPrecise) / 1000;
    record.upstreamMs = (record.upstreamMs ?? 0) + attemptSeconds * 1000;
    record.telemetry?.attemptFinished(result, record);
    reportOutcome(gateway, attempt, result, record, attemptStarted);
    gateway.metrics.attempts({
      provider: attempt.provider.id,
      result: result.kind === 'failed' ? (result.failure.error.code ?? 'failed') : result.kind,
    });
    gateway.metrics.upstreamDuration(
      {
        route: record.route,
        provider: attempt.provider.id,
        model: attempt.model.id,
        result: result.kind === 'failed' ? 'failed' : result.kind,
      },
      attemptSeconds,
    );
    record.attemptLog.push({
      provider: attempt.provider.id,
      model: attempt.model.id,
      outcome: result.kind === 'failed' ? 'failed' : result.kind,
      latencyMs: Date.now() - attemptStarted,
      errorCode: result.kind === 'failed' ? result.failure.error.code : undefined,
    });
    if (result.kind === 'served') {
      record.servedPrice = servedPriceFor(gateway, attempt, billedAt(record));
      record.outcome ??= index === 0 ? 'success' : 'success_after_fallback';
      return;
    }
    if (result.kind === 'client-gone') {
      // The provider was called and may bill for what it generated: price it for the settlement.
      record.servedPrice = servedPriceFor(gateway, attempt, billedAt(record));
      break;
    }
    lastError = result.failure.error;
    gateway.logger.debug(
      { requestId: record.requestId, provider: attempt.provider.id, code: lastError.code, status: lastError.status },
      'attempt failed',
    );
    if (!result.failure.retryable) break;
    const failedCode = result.failure.error.code;
    if (failedCode === 'upstream_auth_failed' || failedCode === 'upstream_out_of_credit') {
      // The provider refused this key (401: suspect) or its account (402: out of credit): take it
      // out of rotation and give the same provider another key (perhaps another account) first.
      gateway.keys.reportRejected(
        attempt.provider,
        attempt.keyId,
        result.failure.upstreamStatus ?? (failedCode === 'upstream_auth_failed' ? 401 : 402),
      );
      const replacement = attempt.keyId ? gateway.keys.keyFor(attempt.provider) : undefined;
      if (replacement?.keyId && replacement.keyId !== attempt.keyId) {
        attempts.splice(index + 1, 0, { ...attempt, apiKey: replacement.secret, keyId: replacement.keyId });
      }
    }
  }
  if (clientSignal.aborted || outgoing.destroyed) {
    record.outcome = 'client_aborted';
    return;
  }
  record.outcome = record.attempts === 0 && lastError?.code === 'model_unpriced' ? 'rejected' : 'upstream_error';
  // DESIGN.md contract 1: a provider out of credit with no fallback left is a 402 retrying cannot
  // fix (insufficient_quota, provider_out_of_credit, x-should-retry: false), not a 502 that Codex
  // and the SDKs would retry.
  if (lastError?.code === 'upstream_out_of_credit') {
    throw new GatewayError({
      status: 402,
      type: 'insufficient_quota',
      code: 'provider_out_of_credit',
      provider: lastError.provider,
      message: lastError.message,
    });
  }
  throw lastError;
}
