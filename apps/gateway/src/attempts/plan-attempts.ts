import type { CatalogModel, CatalogProvider } from '@switchboard/protocol';
import { GatewayError } from '@switchboard/protocol';
import type { ProviderAdapter } from '@switchboard/providers';
import { adapterFor } from '@switchboard/providers';
import { describeRejections, type PlanRouteOptions, planRoute, type RoutePlan, type RouteRequest } from '@switchboard/router';
import type { GatewayContext } from '../app/gateway-context';
import type { ProviderKeySource } from '../keys/environment-key-source';
import type { UpstreamAccount } from '../routing/upstream-affinity';

export interface Attempt {
  provider: CatalogProvider;
  model: CatalogModel;
  adapter: ProviderAdapter;
  apiKey: string;
  /** The vault row of the key, so a rejection can take that key out of rotation. */
  keyId: string | undefined;
  /** Body fields this attempt's provider needs that the client did not write (a retired name's mode). */
  bodyFields?: Record<string, unknown>;
}

/** A model nothing here serves, in words every surface shows (count_tokens too). */
export function modelNotFound(requested: string): GatewayError {
  return new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'model_not_found',
    param: 'model',
    message: `The model '${requested}' does not exist or is not served by any enabled provider. GET /v1/models lists what is available.`,
  });
}

/** The key's scope refused every candidate: what it sent and, for an alias, what that stands for. */
export function modelNotAllowed(request: RouteRequest, plan: RoutePlan): GatewayError {
  const serving = [
    ...new Set(
      plan.rejected
        .filter((rejection) => rejection.code === 'not-allowed')
        .map(({ candidate }) => `${candidate.provider.id}/${candidate.model.id}`),
    ),
  ];
  const through = request.resolvedNames ? ` (it stands for ${serving.map((name) => `'${name}'`).join(', ')})` : '';
  return new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'model_not_allowed',
    param: 'model',
    message: `This API key may not use the model '${request.model}'${through}.`,
  });
}

/** Rejections the client asked for: they never make a provider's lack of credit the client's fault. */
const CLIENT_EXCLUSIONS = new Set<string>([
  'wrong-kind',
  'fallbacks-not-allowed',
  'not-in-only',
  'ignored',
  'region',
  'data-policy',
]);

/** Why no attempt could be planned, as the client should read it. */
function noCandidate(gateway: GatewayContext, request: RouteRequest, plan: RoutePlan, nowMs: number): GatewayError {
  // The key's scope is answered first: a model it may not use is a 403 whatever else is wrong.
  const rejected = plan.rejected.filter((rejection) => rejection.code !== 'not-allowed');
  if (rejected.length < plan.rejected.length && rejected.every((rejection) => rejection.code === 'wrong-kind')) {
    return modelNotAllowed(request, plan);
  }
  if (rejected.length === 0) {
    const disabled = plan.unresolved.find((entry) => entry.kind === 'provider-disabled');
    if (disabled?.providerId) {
      return new GatewayError({
        status: 503,
        type: 'service_unavailable',
        code: 'provider_disabled',
        param: 'model',
        provider: disabled.providerId,
        message: `Provider '${disabled.providerId}' is disabled, so '${disabled.requested}' cannot be served.`,
      });
    }
    return modelNotFound(request.model);
  }
  if (rejected.every((rejection) => rejection.code === 'wrong-kind')) {
    const endpoint = request.kind === 'embedding' ? '/v1/chat/completions' : '/v1/embeddings';
    return new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'model_wrong_endpoint',
      param: 'model',
      message: `The model '${request.model}' is ${request.kind === 'embedding' ? 'a chat' : 'an embedding'} model; call ${endpoint} instead.`,
    });
  }
  // DESIGN.md contract 1 and 6: every provider that could serve has only keys out of credit,
  // which the provider's billing fixes, not the client: a 402 provider_out_of_credit, never "no
  // key". The client's own exclusions (provider.only, ignore, allow_fallbacks) do not count.
  const servable = rejected.filter((rejection) => !CLIENT_EXCLUSIONS.has(rejection.code));
  const broke = servable.find(({ candidate }) => gateway.keys.outOfCredit?.(candidate.provider));
  if (
    broke &&
    servable.every((rejection) => rejection.code === 'no-key' && gateway.keys.outOfCredit?.(rejection.candidate.provider))
  ) {
    return new GatewayError({
      status: 402,
      type: 'insufficient_quota',
      code: 'provider_out_of_credit',
      provider: broke.candidate.provider.id,
      message: `Provider '${broke.candidate.provider.id}' is out of credit: the gateway's account with it needs funds (its keys are re-probed and serve again once it can pay).`,
    });
  }
  if (rejected.every((rejection) => rejection.code === 'no-key' || rejection.code === 'wrong-kind')) {
    const missing = rejected
      .filter((rejection) => rejection.code === 'no-key')
      .map(({ candidate }) => `'${candidate.provider.id}' (${gateway.keys.howToAddKey(candidate.provider)})`);
    return new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'provider_key_missing',
      param: 'model',
      provider: rejected.find((rejection) => rejection.code === 'no-key')?.candidate.provider.id,
      message: `No API key is configured for '${request.model}'. Add one for provider ${[...new Set(missing)].join(' or ')}.`,
    });
  }
  const summary = describeRejections(plan, nowMs);
  // DESIGN.md contract 1: a prompt beyond every context window is the client's to shorten, a 400
  // context_length_exceeded, not an outage (Codex stops on that code and retries a 503 five times).
  const tooLong = rejected.filter((rejection) => rejection.code !== 'wrong-kind');
  if (tooLong.length > 0 && tooLong.every((rejection) => rejection.code === 'context-window')) {
    return new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      message: `${summary.message} Shorten the input or lower the output limit.`,
    });
  }
  return new GatewayError({
    status: 503,
    type: 'service_unavailable',
    code: 'no_provider_available',
    param: 'model',
    message: summary.message,
    retryAfter: summary.retryAfterMs === undefined ? undefined : summary.retryAfterMs / 1000,
  });
}

// One lookup function per key source, not a closure per request (under tsx each named closure
// is also given its name with Object.defineProperty, which showed in profiles).
const keyIdLookups = new WeakMap<ProviderKeySource, ProviderKeySource['keyIdsFor']>();

function keyIdsOf(keys: ProviderKeySource): ProviderKeySource['keyIdsFor'] {
  let lookup = keyIdLookups.get(keys);
  if (lookup === undefined) {
    lookup = keys.keyIdsFor.bind(keys);
    keyIdLookups.set(keys, lookup);
  }
  return lookup;
}

/** The keys an attempt may use: the preferred account's key alone while its breaker lets traffic through. */
function allowedKeys(
  providerId: string,
  healthy: readonly string[] | undefined,
  preferred: UpstreamAccount | undefined,
): readonly string[] | undefined {
  if (preferred?.keyId === undefined || preferred.providerId !== providerId) return healthy;
  return healthy === undefined || healthy.includes(preferred.keyId) ? [preferred.keyId] : healthy;
}

/**
 * The ordered attempts for a request: the router ranks the candidates from live statistics and
 * health, then each attempt gets a key (a half-open probe uses the key it was planned for).
 * `preferred` names the account a conversation is bound to (Responses affinity): its provider is
 * put first through the request's `provider.order`, and its key chosen here while healthy.
 */
export function planAttempts(
  gateway: GatewayContext,
  request: RouteRequest,
  allows?: PlanRouteOptions['allows'],
  preferred?: UpstreamAccount,
): { attempts: Attempt[]; plan: RoutePlan } {
  const nowMs = Date.now();
  const plan = planRoute(gateway.catalog, request, gateway.router, {
    nowMs,
    random: Math.random,
    config: gateway.routingConfig,
    keyIds: keyIdsOf(gateway.keys),
    allows,
  });
  const attempts: Attempt[] = [];
  for (const planned of plan.attempts) {
    const allowed =
      planned.probeKeyId !== undefined ? [planned.probeKeyId] : allowedKeys(planned.provider.id, planned.keyIds, preferred);
    // A preferred key held out of rotation (suspect) leaves the provider's other keys.
    const key =
      gateway.keys.keyFor(planned.provider, allowed) ??
      (planned.probeKeyId !== undefined || allowed === planned.keyIds
        ? undefined
        : gateway.keys.keyFor(planned.provider, planned.keyIds));
    if (!key) continue;
    attempts.push({
      provider: planned.provider,
      model: planned.model,
      adapter: adapterFor(planned.provider.adapter),
      apiKey: key.secret,
      keyId: key.keyId,
    });
  }
  if (attempts.length === 0) throw noCandidate(gateway, request, plan, nowMs);
  return { attempts, plan };
}
