import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '@switchboard/protocol';
import { authenticateRequest } from '../access/authenticate-request';
import { CancelSignal } from '../http/cancel-signal';
import { clientAddress } from '../http/client-address';
import { asGatewayError, writeOpenAIError } from '../http/openai-error-response';
import { clientRequestIdFrom, newRequestId } from '../http/request-id';
import { runIdempotent } from '../idempotency/run-idempotent';
import { parseCacheDirective } from '../response-cache/parse-cache-directive';
import { runCached } from '../response-cache/run-cached';
import { clientTraceparent } from '../telemetry/client-traceparent';
import { isUnpriced } from '../usage/served-price';
import { usageEventFromRecord } from '../usage/usage-event-from-record';
import type { GatewayContext } from './gateway-context';
import type { RequestRecord } from './request-record';

/** Authenticated refusals counted per key and team (401s have no key: metrics only). */
const refusedStatuses = new Set([402, 403, 429]);

export type V1Handler = (
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
) => Promise<void>;

/** Writes an error in one surface's shape (OpenAI's, Anthropic's) straight to the Node response. */
export type ErrorWriter = (outgoing: ServerResponse, error: GatewayError, requestId: string) => void;

/**
 * Runs a /v1 handler on the raw Node request and response (the hot path skips web streams), with
 * the request id, the client-disconnect signal, one error shape and one log line per request.
 */
export async function runV1(
  gateway: GatewayContext,
  route: string,
  endpoint: string,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handler: V1Handler,
  writeError: ErrorWriter = writeOpenAIError,
) {
  const clientRequestId = clientRequestIdFrom(incoming.headers['x-request-id']);
  // Set before anything is written, so every answer (served, streamed or an error) echoes it.
  if (clientRequestId !== undefined) outgoing.setHeader('x-client-request-id', clientRequestId);
  const startedAt = Date.now();
  const record: RequestRecord = {
    requestId: newRequestId(),
    clientRequestId,
    route,
    startedAt,
    occurredAt: gateway.clock ? gateway.clock() : startedAt,
    startedAtPrecise: performance.now(),
    upstreamMs: 0,
    attempts: 0,
    attemptLog: [],
  };
  const tracing = gateway.tracing;
  if (tracing) record.telemetry = tracing.begin(route, endpoint, incoming.headers);
  else record.upstreamTraceparent = clientTraceparent(incoming.headers.traceparent);
  gateway.metrics.requestStarted(route);
  const client = new CancelSignal();
  // 'close' before the response finished means the client went away: cancel the upstream now.
  const onClose = () => {
    if (!outgoing.writableFinished) client.abort(new Error('client disconnected'));
  };
  outgoing.once('close', onClose);
  try {
    // DESIGN.md contract 12: usage that could be kept nowhere is not served (unless told to).
    if (gateway.usageRefusing?.()) {
      throw new GatewayError({
        status: 503,
        type: 'service_unavailable',
        code: 'usage_unavailable',
        message: 'Usage cannot be recorded right now (its store is unreachable and the local spool is full); try again shortly.',
        retryAfter: 5,
      });
    }
    if (gateway.access) {
      record.clientAddress = clientAddress(incoming, gateway.settings.trustedProxies);
      // Before the body is read: an unauthenticated caller costs no parsing.
      record.apiKey = await authenticateRequest(gateway.access, incoming.headers, record.clientAddress, endpoint);
    }
    const idempotencyKey = incoming.headers['idempotency-key'];
    // Without the header nothing changes: no read ahead, no store, no capture.
    const run: typeof handler =
      idempotencyKey !== undefined && gateway.idempotency && route !== 'messages.count_tokens'
        ? (...args) => runIdempotent(args[0], idempotencyKey, args[1], args[2], args[3], args[4], handler)
        : handler;
    // The exact response cache, only for requests that ask (x-switchboard-cache).
    // A key's own setting caches its deterministic requests (temperature 0) when the request says nothing.
    const keyTtl = record.apiKey?.responseCacheTtlSeconds;
    const cacheDirective =
      route === 'messages.count_tokens'
        ? undefined
        : (parseCacheDirective(incoming.headers['x-switchboard-cache']) ??
          (keyTtl ? { kind: 'store' as const, ttlSeconds: keyTtl, scope: 'key' as const, deterministicOnly: true } : undefined));
    if (cacheDirective) await runCached(gateway, cacheDirective, incoming, outgoing, client, record, run);
    else await run(gateway, incoming, outgoing, client, record);
  } catch (thrown) {
    const error = asGatewayError(thrown);
    if (!(thrown instanceof GatewayError)) gateway.logger.error({ requestId: record.requestId, err: thrown }, 'unhandled error');
    record.outcome ??= 'rejected';
    record.errorCode = error.code;
    if (outgoing.destroyed) {
      // The client is gone: nothing to write.
    } else if (outgoing.headersSent && record.streamFailFrame && !outgoing.writableEnded) {
      outgoing.end(record.streamFailFrame(error.message, error.code ?? 'upstream_error'));
    } else {
      writeError(outgoing, error, record.requestId);
    }
  } finally {
    outgoing.off('close', onClose);
    if (client.aborted) record.outcome = 'client_aborted';
    const finishedAt = Date.now();
    const elapsedSeconds = (performance.now() - (record.startedAtPrecise ?? 0)) / 1000;
    if (record.admitted) gateway.usage?.record(usageEventFromRecord(record, finishedAt));
    else if (record.apiKey && refusedStatuses.has(outgoing.statusCode)) {
      // An authenticated refusal: a lightweight event through the same batched pipeline, counted
      // as `refused` in the rollups (never one database write per refusal).
      record.outcome = 'refused';
      gateway.usage?.record({ ...usageEventFromRecord(record, finishedAt), status: outgoing.statusCode });
    }
    const metrics = gateway.metrics;
    metrics.requestFinished(route);
    metrics.requests({ route: record.route, status: String(outgoing.statusCode), outcome: record.outcome ?? 'unknown' });
    // Bounded labels: a /v1 route, catalog ids or `none`, never a client's or an upstream's text.
    const labels = { route: record.route, provider: record.provider ?? 'none', model: record.servedModelId ?? 'none' };
    metrics.requestDuration(labels, elapsedSeconds);
    metrics.gatewayOverhead(labels, Math.max(0, elapsedSeconds - (record.upstreamMs ?? 0) / 1000));
    if (record.stream && record.firstByteMs !== undefined) metrics.timeToFirstToken(labels, record.firstByteMs / 1000);
    if (record.provider && record.usage) {
      metrics.inputTokens({ provider: record.provider }, record.usage.inputTokens);
      metrics.outputTokens({ provider: record.provider }, record.usage.outputTokens);
    }
    // Exact, not the rounded micro-dollars: a counter of tiny requests still adds up.
    if (record.provider && record.costPicos) metrics.costMicros({ provider: record.provider }, record.costPicos / 1_000_000);
    if (record.provider && record.attempts > 0 && isUnpriced(record.servedPrice)) {
      metrics.unpricedRequests({ provider: record.provider, model: record.servedModelId ?? record.requestedModel ?? '' });
    }
    record.telemetry?.finish(record, outgoing.statusCode);
    gateway.logger.info(
      {
        requestId: record.requestId,
        clientRequestId: record.clientRequestId,
        route: record.route,
        apiKeyId: record.apiKey?.id,
        status: outgoing.statusCode,
        outcome: record.outcome,
        model: record.requestedModel,
        modelAlias: record.modelAliases?.map((match) => `${match.alias} (${match.scope})`).join(', '),
        provider: record.provider,
        upstreamModel: record.upstreamModel,
        stream: record.stream,
        attempts: record.attempts,
        inputTokens: record.usage?.inputTokens,
        outputTokens: record.usage?.outputTokens,
        firstByteMs: record.firstByteMs,
        durationMs: finishedAt - record.startedAt,
        errorCode: record.errorCode ?? undefined,
        costMicros: record.costMicros,
        replayOf: record.replayOf,
      },
      'request',
    );
  }
}
