import type { UpstreamRequest } from '@switchboard/providers';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import type { Attempt } from '../attempts/plan-attempts';
import type { CancelSignal } from '../http/cancel-signal';
import { upstreamHeaders } from '../telemetry/upstream-headers';
import { classifyAuthorizationFailure } from './classify-authorization-failure';
import { type AttemptFailure, classifyTransportFailure } from './classify-upstream-failure';
import { ERROR_BODY_LIMIT } from './read-error-body';
import { upstreamAnswerFailure } from './upstream-answer-failure';
import type { UpstreamClient } from './upstream-client';

export type UpstreamTextOutcome = { ok: true; text: string } | { ok: false; failure: AttemptFailure };

/**
 * `requestUpstream` for answers read whole (whole chat completions, embeddings): the body comes
 * back as text, read without a response stream. Failures are classified the same way.
 */
export async function requestUpstreamText(
  client: UpstreamClient,
  request: UpstreamRequest,
  attempt: Attempt,
  signal: CancelSignal,
  record: Pick<RequestRecord, 'requestId' | 'upstreamTraceparent'>,
): Promise<UpstreamTextOutcome> {
  // Most adapters have no credential step: their requests skip the await entirely (hot path).
  let authorized = request;
  if (attempt.adapter.authorize !== undefined) {
    try {
      authorized = await client.authorize(attempt.adapter, adapterTarget(attempt), request);
    } catch (error) {
      return { ok: false, failure: classifyAuthorizationFailure(error, attempt.provider.id, signal.reason) };
    }
  }
  try {
    const response = await client.sendForText(authorized, signal, upstreamHeaders(record), ERROR_BODY_LIMIT);
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, text: response.text };
    return { ok: false, failure: upstreamAnswerFailure(attempt, response.statusCode, response.text, response.retryAfter) };
  } catch (error) {
    return { ok: false, failure: classifyTransportFailure(error, attempt.provider.id, signal.reason) };
  }
}
