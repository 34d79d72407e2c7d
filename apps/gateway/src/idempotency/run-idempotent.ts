import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { readBodyAhead } from '../http/read-json-body';
import { AnswerCapture } from './answer-capture';
import type { IdempotencyEntry, StoredAnswer } from './idempotency-store';
import { replayAnswer } from './replay-answer';

/** How long a kept answer is replayed (Stripe and the IETF draft's usual window). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** The largest answer kept; a larger one is served but not kept (a retry runs again). */
export const DEFAULT_IDEMPOTENT_ANSWER_BYTES = 1024 * 1024;
/** A claim outlives the longest request by this much, so a crashed instance frees its keys. */
const CLAIM_MARGIN_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function invalidKey(): GatewayError {
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_idempotency_key',
    param: 'Idempotency-Key',
    message: 'The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID is a good choice).',
  });
}

/**
 * Runs a /v1 request that carries an `Idempotency-Key` (see runV1): the same key from the same
 * gateway key within 24 hours gets the kept answer of the first request (status, answer headers,
 * body; a stream's events replayed as a stream), 409 while the first still runs, and 422 when the
 * body (or the endpoint) differs from the first's, as the IETF idempotency-key draft says. Only
 * complete successful answers are kept: an error, a cut stream or a client that left frees the
 * key, so a retry runs (and is billed) again, as the provider was called again. A replay calls no
 * provider and is recorded as a zero-cost `idempotent_replay` usage event.
 */
export async function runIdempotent(
  gateway: GatewayContext,
  idempotencyKey: string | string[],
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
  handler: (
    gateway: GatewayContext,
    incoming: IncomingMessage,
    outgoing: ServerResponse,
    signal: CancelSignal,
    record: RequestRecord,
  ) => Promise<void>,
): Promise<void> {
  const store = gateway.idempotency!;
  if (typeof idempotencyKey !== 'string' || !KEY_PATTERN.test(idempotencyKey)) throw invalidKey();
  const body = await readBodyAhead(incoming, gateway.settings.bodyLimitBytes);
  const fingerprint = sha256(`${record.route}\n${body}`);
  const key = sha256(`${record.apiKey?.id ?? '-'}\n${idempotencyKey}`);
  const claimTtlMs = gateway.settings.timeouts.requestMs + CLAIM_MARGIN_MS;

  let held: IdempotencyEntry | undefined;
  try {
    held = await store.claim(key, { state: 'running', fingerprint, requestId: record.requestId }, claimTtlMs);
  } catch (error) {
    // Serving without the claim could run the request twice, which is what the key forbids.
    gateway.logger.warn({ requestId: record.requestId, err: (error as Error).message }, 'idempotency store unreachable');
    throw new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'idempotency_unavailable',
      message: 'The gateway cannot check the Idempotency-Key right now. Retry shortly.',
      retryAfter: 1,
    });
  }
  if (held !== undefined) {
    if (held.fingerprint !== fingerprint) {
      throw new GatewayError({
        status: 422,
        type: 'invalid_request_error',
        code: 'idempotency_key_reused',
        param: 'Idempotency-Key',
        message: 'This Idempotency-Key was used with a different request (body or endpoint) in the last 24 hours.',
      });
    }
    if (held.state === 'running') {
      throw new GatewayError({
        status: 409,
        type: 'invalid_request_error',
        code: 'idempotency_key_in_use',
        param: 'Idempotency-Key',
        message: 'A request with this Idempotency-Key is still being answered. Retry after it finished.',
        retryAfter: 1,
      });
    }
    record.outcome = 'idempotent_replay';
    replayAnswer(outgoing, record, held.answer, { 'idempotent-replayed': 'true' });
    return;
  }

  const capture = new AnswerCapture(outgoing, gateway.settings.idempotentAnswerBytes ?? DEFAULT_IDEMPOTENT_ANSWER_BYTES);
  try {
    await handler(gateway, incoming, outgoing, clientSignal, record);
  } catch (error) {
    capture.release();
    await store.release(key).catch(() => undefined);
    throw error;
  }
  const complete =
    capture.ended &&
    !capture.overflow &&
    capture.status >= 200 &&
    capture.status < 300 &&
    (record.outcome === 'success' || record.outcome === 'success_after_fallback');
  try {
    if (complete) {
      const answer: StoredAnswer = {
        requestId: record.requestId,
        status: capture.status,
        headers: capture.headers,
        body: capture.body,
        stream: record.stream === true,
        requestedModel: record.requestedModel ?? '',
        servedModel: record.servedModelId ?? record.requestedModel ?? '',
      };
      await store.complete(key, { state: 'done', fingerprint, answer }, IDEMPOTENCY_TTL_MS);
    } else {
      if (capture.overflow) {
        gateway.logger.warn(
          { requestId: record.requestId },
          'answer larger than the idempotent answer limit: served, not kept for replay',
        );
      }
      await store.release(key);
    }
  } catch (error) {
    gateway.logger.warn({ requestId: record.requestId, err: (error as Error).message }, 'idempotency store unreachable');
  } finally {
    capture.release();
  }
}
