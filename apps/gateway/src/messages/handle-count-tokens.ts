import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AnthropicMessagesRequest,
  decodeMessagesRequest,
  GatewayError,
  validateMessagesRequest,
} from '@switchboard/protocol';
import type { NativeRequest } from '@switchboard/providers';
import { adapterFor } from '@switchboard/providers';
import { parseRoutingPreferences, planRoute, type RouteRequest } from '@switchboard/router';
import { allowsServingModel } from '../access/allows-serving-model';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { modelNotAllowed, modelNotFound } from '../attempts/plan-attempts';
import type { CancelSignal } from '../http/cancel-signal';
import { readJsonBody } from '../http/read-json-body';
import { applyModelAliases } from '../routing/apply-model-aliases';
import { servableHere } from '../routing/servable-here';
import { AttemptSignal } from '../upstream/attempt-signal';
import { ERROR_BODY_LIMIT } from '../upstream/read-error-body';
import type { CountTokensBody } from './count-tokens-body';
import { countTokensLocally } from './count-tokens-locally';

/**
 * A provider's counter gets this long before the local count answers instead: counting is a
 * convenience the client asks for often (Claude Code, before every turn), never worth a long wait.
 */
const UPSTREAM_COUNT_TIMEOUT_MS = 10_000;

/** Inbound headers an Anthropic-format counter receives as they came. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

/** Where the count came from, for the response header and the log line. */
type CountSource = { kind: 'provider'; providerId: string; upstreamModel: string } | { kind: 'local' };

function forwardedHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.headers[name];
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(',');
  }
  return headers;
}

/**
 * The first candidate whose adapter has a counting endpoint and a key, asked once; undefined
 * when there is none or it failed in any way (the caller counts locally). Counting feeds neither
 * the circuit breakers nor the key rotation: its endpoint is not the one they judge.
 */
async function countWithProvider(
  gateway: GatewayContext,
  body: CountTokensBody,
  incoming: IncomingMessage,
  plan: ReturnType<typeof planRoute>,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<{ tokens: number; source: CountSource } | undefined> {
  for (const planned of plan.attempts) {
    const adapter = adapterFor(planned.provider.adapter);
    if (!adapter.countTokensRequest || !adapter.countTokensResponse) continue;
    const key = gateway.keys.keyFor(planned.provider, planned.keyIds);
    if (!key) continue;
    const target = { provider: planned.provider, upstreamModel: planned.model.upstream, apiKey: key.secret };
    const attemptSignal = new AttemptSignal(clientSignal, Math.min(UPSTREAM_COUNT_TIMEOUT_MS, gateway.settings.timeouts.totalMs));
    try {
      const native: NativeRequest | undefined =
        adapter.wireFormat === 'anthropic-messages' ? { body, headers: forwardedHeaders(incoming) } : undefined;
      const request = adapter.countTokensRequest(
        native,
        decodeMessagesRequest(body as AnthropicMessagesRequest, incoming.headers).chat,
        target,
      );
      const response = await gateway.upstream.sendForText(
        request,
        attemptSignal.signal,
        { 'x-request-id': record.requestId },
        ERROR_BODY_LIMIT,
      );
      if (response.statusCode < 200 || response.statusCode >= 300) {
        gateway.logger.warn(
          { requestId: record.requestId, provider: planned.provider.id, status: response.statusCode },
          'provider token count failed; counting locally',
        );
        return undefined;
      }
      const tokens = adapter.countTokensResponse(response.text);
      return { tokens, source: { kind: 'provider', providerId: planned.provider.id, upstreamModel: planned.model.upstream } };
    } catch (error) {
      // A translation the provider's format cannot take, a timeout, a broken body: all the same here.
      if (!clientSignal.aborted) {
        gateway.logger.warn(
          { requestId: record.requestId, provider: planned.provider.id, err: error },
          'provider token count failed; counting locally',
        );
      }
      return undefined;
    } finally {
      attemptSignal.dispose();
    }
  }
  return undefined;
}

/**
 * POST /v1/messages/count_tokens: `{"input_tokens": N}` for any model the gateway serves, from
 * the provider's own counter where its adapter has one (Anthropic, Gemini), from the local
 * tokenizer otherwise or when that counter fails. Never a 404 for a served model: Claude Code
 * falls back to billed one-token messages calls when counting is missing.
 *
 * Counting is free: no admission (no rate-limit or budget reservation) and no usage event; the
 * key's model scope still applies. A served model that cannot be called right now (no key, open
 * circuits, a disabled provider) is still counted locally. An unknown model is a 404 as on
 * /v1/messages, not a local count: nothing can serve it, so the client's fallback call would be
 * refused too (nothing billed), and a count for it would hide a missing alias until the first
 * real call.
 */
export async function handleCountTokens(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  // The Messages surface's own validation, without max_tokens (count_tokens takes none).
  const body = validateMessagesRequest(await readJsonBody(incoming, gateway.settings), {
    requireMaxTokens: false,
  }) as unknown as CountTokensBody;
  record.requestedModel = body.model;
  record.stream = false;
  const { model } = parseRoutingPreferences({ model: body.model });
  // Capabilities and the context window do not matter: counting an over-long prompt is the point.
  const requested: RouteRequest = {
    model,
    kind: 'chat',
    stream: false,
    estimatedInputTokens: 0,
    needs: { tools: false, vision: false, jsonMode: false },
  };
  // The same names as /v1/messages would serve: Claude Code counts with its own model ids.
  const { request: routeRequest } = applyModelAliases(gateway.catalog, requested, record.apiKey?.modelAliases, (name) =>
    servableHere(gateway, name),
  );
  const allows = allowsServingModel(record.apiKey);
  const plan = planRoute(gateway.catalog, routeRequest, gateway.router, {
    allows,
    nowMs: Date.now(),
    random: Math.random,
    config: gateway.routingConfig,
    keyIds: (provider) => gateway.keys.keyIdsFor(provider),
    // Only looking: a half-open circuit's one probe belongs to a real request.
    claimProbe: false,
  });
  if (plan.attempts.length === 0 && plan.rejected.length > 0 && plan.rejected.every((entry) => entry.code === 'not-allowed')) {
    throw modelNotAllowed(routeRequest, plan);
  }
  if (
    plan.attempts.length === 0 &&
    plan.rejected.length === 0 &&
    plan.unresolved.every((entry) => entry.kind === 'unknown-model')
  ) {
    throw modelNotFound(model);
  }
  if (plan.rejected.length > 0 && plan.attempts.length === 0 && plan.rejected.every((entry) => entry.code === 'wrong-kind')) {
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'model_wrong_endpoint',
      param: 'model',
      message: `The model '${model}' is an embedding model; it takes no messages to count.`,
    });
  }

  const counted = await countWithProvider(gateway, body, incoming, plan, clientSignal, record);
  if (clientSignal.aborted) return;
  const tokens = counted?.tokens ?? (await countTokensLocally(body));
  const source: CountSource = counted?.source ?? { kind: 'local' };
  if (source.kind === 'provider') {
    record.provider = source.providerId;
    record.upstreamModel = source.upstreamModel;
  }
  record.outcome = 'success';
  const text = JSON.stringify({ input_tokens: tokens });
  outgoing.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': record.requestId,
    'x-switchboard-token-count': source.kind === 'provider' ? `provider=${source.providerId}` : 'local',
  });
  outgoing.end(text);
}
