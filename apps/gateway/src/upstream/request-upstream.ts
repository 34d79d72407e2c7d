import type { UpstreamRequest } from '@switchboard/providers';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import type { Attempt } from '../attempts/plan-attempts';
import type { CancelSignal } from '../http/cancel-signal';
import { upstreamHeaders } from '../telemetry/upstream-headers';
import { classifyAuthorizationFailure } from './classify-authorization-failure';
import { type AttemptFailure, classifyTransportFailure } from './classify-upstream-failure';
import { readErrorBody } from './read-error-body';
import { upstreamAnswerFailure } from './upstream-answer-failure';
import type { UpstreamClient, UpstreamResponse } from './upstream-client';

export type UpstreamOutcome = { ok: true; response: UpstreamResponse } | { ok: false; failure: AttemptFailure };

/**
 * Sends one attempt and turns any non-2xx or transport failure into a classified failure, so
 * every route decides about fallback the same way.
 */
export async function requestUpstream(
  client: UpstreamClient,
  request: UpstreamRequest,
  attempt: Attempt,
  signal: CancelSignal,
  record: Pick<RequestRecord, 'requestId' | 'upstreamTraceparent'>,
): Promise<UpstreamOutcome> {
  const providerId = attempt.provider.id;
  // Most adapters have no credential step: their requests skip the await entirely (hot path).
  let authorized = request;
  if (attempt.adapter.authorize !== undefined) {
    try {
      authorized = await client.authorize(attempt.adapter, adapterTarget(attempt), request);
    } catch (error) {
      return { ok: false, failure: classifyAuthorizationFailure(error, providerId, signal.reason) };
    }
  }
  let response: UpstreamResponse;
  try {
    response = await client.send(authorized, signal, upstreamHeaders(record));
  } catch (error) {
    return { ok: false, failure: classifyTransportFailure(error, providerId, signal.reason) };
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, response };
  const body = await readErrorBody(response.body);
  return { ok: false, failure: upstreamAnswerFailure(attempt, response.statusCode, body, response.headers['retry-after']) };
}
