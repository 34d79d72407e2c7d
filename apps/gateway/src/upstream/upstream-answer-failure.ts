import type { Attempt } from '../attempts/plan-attempts';
import { type AttemptFailure, classifyHttpFailure } from './classify-upstream-failure';
import { redactSecret } from './redact-secret';
import { retryAfterSeconds } from './retry-after-seconds';

/** A non-2xx upstream answer as a classified failure: the adapter reads the error body, keys echoed in it are redacted. */
export function upstreamAnswerFailure(
  attempt: Attempt,
  statusCode: number,
  body: string,
  retryAfter: string | string[] | undefined,
): AttemptFailure {
  const details = attempt.adapter.errorDetails(statusCode, body);
  // A token the provider no longer takes (revoked, expired early) is not reused by the next attempt.
  if (statusCode === 401) attempt.adapter.forgetCredentials?.(attempt.apiKey);
  return classifyHttpFailure(
    details.classifyAs ?? statusCode,
    redactSecret(details.message, attempt.apiKey, attempt.adapter.secretPieces?.(attempt.apiKey)),
    attempt.provider.id,
    details.code,
    retryAfterSeconds(retryAfter),
  );
}
