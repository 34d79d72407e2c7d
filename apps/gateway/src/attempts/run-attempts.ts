import type { ServerResponse } from 'node:http';
import type { GatewayError } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { AttemptSignal } from '../upstream/attempt-signal';
import type { AttemptResult } from './attempt-result';
import type { Attempt } from './plan-attempts';

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
  for (let index = 0; index < attempts.length; index++) {
    if (clientSignal.aborted) break;
    const attempt = attempts[index]!;
    record.attempts = index + 1;
    record.provider = attempt.provider.id;
    record.upstreamModel = attempt.model.upstream;
    const attemptSignal = new AttemptSignal(clientSignal, gateway.settings.timeouts.totalMs);
    let result: AttemptResult;
    try {
      result = await run(attempt, index + 1, attemptSignal.signal);
    } finally {
      attemptSignal.dispose();
    }
    if (result.kind === 'served') {
      record.outcome ??= index === 0 ? 'success' : 'success_after_fallback';
      return;
    }
    if (result.kind === 'client-gone') break;
    lastError = result.failure.error;
    gateway.logger.debug(
      { requestId: record.requestId, provider: attempt.provider.id, code: lastError.code, status: lastError.status },
      'attempt failed',
    );
    if (!result.failure.retryable) break;
    if (result.failure.error.code === 'upstream_auth_failed') {
      // The provider refused this key: retire it and give the same provider another key first.
      gateway.keys.reportRejected(attempt.provider, attempt.keyId, result.failure.upstreamStatus ?? 401);
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
  record.outcome = 'upstream_error';
  throw lastError;
}
