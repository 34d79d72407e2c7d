import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import stringify from 'safe-stable-stringify';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { jsonDepthExceeds } from '../http/json-depth-exceeds';
import { DEFAULT_JSON_DEPTH_LIMIT, readBodyAhead } from '../http/read-json-body';
import { AnswerCapture } from '../idempotency/answer-capture';
import type { StoredAnswer } from '../idempotency/idempotency-store';
import { replayAnswer } from '../idempotency/replay-answer';
import { DEFAULT_IDEMPOTENT_ANSWER_BYTES } from '../idempotency/run-idempotent';
import type { CacheDirective } from './parse-cache-directive';

type Handler = (
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  signal: CancelSignal,
  record: RequestRecord,
) => Promise<void>;

// Fields that name the caller or shape only the transport of usage, not the answer: two requests
// differing only in these get the same answer.
const IGNORED_FIELDS = new Set(['user', 'metadata', 'prompt_cache_key', 'safety_identifier', 'stream_options']);

/**
 * The cache key of a request: its tenant (the gateway key, or its owner when asked), the route,
 * and the body with keys sorted and the ignored fields left out (model, messages, tools, sampling
 * parameters and `stream` all count). Undefined when the body is not a JSON object: the handler
 * answers that.
 */
export function responseCacheKey(
  tenant: string,
  route: string,
  body: string,
  depthLimit: number,
  deterministicOnly = false,
): string | undefined {
  if (jsonDepthExceeds(Buffer.from(body), depthLimit)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  // A sampled answer is one draw of many: kept only when the request itself asked.
  if (deterministicOnly && (parsed as { temperature?: unknown }).temperature !== 0) return undefined;
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(parsed)) if (!IGNORED_FIELDS.has(field)) kept[field] = value;
  return createHash('sha256')
    .update(`${tenant}\n${route}\n${stringify(kept)}`)
    .digest('hex');
}

/**
 * The exact response cache around a /v1 handler, for a request that asks for it with
 * `x-switchboard-cache: ttl=N` (see runV1): the same canonical request from the same tenant within
 * N seconds gets the first complete answer again (a stream replayed as a stream, chunk for
 * chunk), marked `x-switchboard-cache: hit` and recorded as a zero-cost `cache_hit` usage event;
 * otherwise it runs, is marked `miss`, and a complete successful answer is kept. `no-store` runs
 * the request untouched and says `bypass`. A store that cannot be reached costs the cache, never
 * the request.
 */
export async function runCached(
  gateway: GatewayContext,
  directive: CacheDirective,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
  handler: Handler,
): Promise<void> {
  const store = gateway.responseCache;
  if (directive.kind === 'no-store' || !store) {
    outgoing.setHeader('x-switchboard-cache', 'bypass');
    await handler(gateway, incoming, outgoing, clientSignal, record);
    return;
  }
  const body = await readBodyAhead(incoming, gateway.settings.bodyLimitBytes);
  const tenant =
    directive.scope === 'owner' && record.apiKey?.owner ? `owner:${record.apiKey.owner}` : `key:${record.apiKey?.id ?? '-'}`;
  const key = responseCacheKey(
    tenant,
    record.route,
    body,
    gateway.settings.jsonDepthLimit ?? DEFAULT_JSON_DEPTH_LIMIT,
    directive.deterministicOnly,
  );
  if (key === undefined) {
    outgoing.setHeader('x-switchboard-cache', 'bypass');
    await handler(gateway, incoming, outgoing, clientSignal, record);
    return;
  }
  let kept: StoredAnswer | undefined;
  try {
    kept = await store.get(key);
  } catch (error) {
    gateway.logger.warn({ requestId: record.requestId, err: (error as Error).message }, 'response cache unreachable');
  }
  if (kept) {
    record.outcome = 'cache_hit';
    replayAnswer(outgoing, record, kept, { 'x-switchboard-cache': 'hit' });
    return;
  }

  outgoing.setHeader('x-switchboard-cache', 'miss');
  const capture = new AnswerCapture(outgoing, gateway.settings.idempotentAnswerBytes ?? DEFAULT_IDEMPOTENT_ANSWER_BYTES);
  try {
    await handler(gateway, incoming, outgoing, clientSignal, record);
    const complete =
      capture.ended &&
      !capture.overflow &&
      capture.status >= 200 &&
      capture.status < 300 &&
      (record.outcome === 'success' || record.outcome === 'success_after_fallback');
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
      if (answer.stream) answer.chunks = capture.pieces;
      await store
        .set(key, answer, directive.ttlSeconds * 1000)
        .catch((error: Error) =>
          gateway.logger.warn({ requestId: record.requestId, err: error.message }, 'response cache unreachable'),
        );
    }
  } finally {
    capture.release();
  }
}
