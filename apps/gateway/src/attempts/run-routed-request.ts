import type { ServerResponse } from 'node:http';
import type { GatewayError } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';
import { admitRequest, settleAdmission } from '../access/admit-request';
import { allowsServingModel } from '../access/allows-serving-model';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { leadFree } from '../routing/affinity-keys';
import { applyModelAliases } from '../routing/apply-model-aliases';
import { applyModelRetirement } from '../routing/apply-model-retirement';
import { explainRouteFor } from '../routing/explain-route-for';
import { servableHere } from '../routing/servable-here';
import type { AffinityEntry, UpstreamAccount } from '../routing/upstream-affinity';
import { finalizeRequestUsage } from '../usage/finalize-request-usage';
import { billedAt, ratesInForce } from '../usage/served-price';
import { type Attempt, planAttempts } from './plan-attempts';
import { type AttemptRunner, runAttempts } from './run-attempts';

export interface RoutedRequestOptions {
  /** Whether the answer carries the routing trace (`x-switchboard-debug: 1`, where allowed). */
  explain?: boolean;
  /** The upstream account a conversation is bound to (Responses affinity), if any. */
  preferred?: UpstreamAccount;
  /**
   * Why a planned candidate cannot serve this request (a field its wire format cannot express),
   * or undefined when it can: such candidates are skipped before admission, and when none is
   * left the first reason is the answer.
   */
  unservable?: (attempt: Attempt) => GatewayError | undefined;
}

function servableAttempts(planned: Attempt[], unservable: (attempt: Attempt) => GatewayError | undefined): Attempt[] {
  let refusal: GatewayError | undefined;
  const servable = planned.filter((attempt) => {
    const reason = unservable(attempt);
    refusal ??= reason;
    return reason === undefined;
  });
  if (servable.length === 0 && refusal) throw refusal;
  return servable;
}

async function warmAccount(
  gateway: GatewayContext,
  request: RouteRequest,
  record: RequestRecord,
): Promise<AffinityEntry | undefined> {
  if (!record.affinityKeys || (request.preferences?.order?.length ?? 0) > 0) return undefined;
  const keys = record.affinityContinuing ? record.affinityKeys : leadFree(record.affinityKeys);
  if (keys.length === 0) return undefined;
  const local = gateway.affinity.find(keys);
  if (local || !record.affinityContinuing) return local;
  return gateway.affinity.lookup(keys, true);
}

/** After an answer: the conversation stays on the account that served it, with how warm its cache was. */
function rememberAccount(gateway: GatewayContext, record: RequestRecord, served: Attempt | undefined): void {
  if (!served || !record.affinityKeys || (record.outcome !== 'success' && record.outcome !== 'success_after_fallback')) return;
  const usage = record.usage;
  const cachedShare = usage && usage.inputTokens > 0 ? Math.min(1, usage.cachedInputTokens / usage.inputTokens) : 0;
  gateway.affinity.remember(record.affinityKeys, { providerId: served.provider.id, keyId: served.keyId }, cachedShare);
}

/**
 * Everything between a validated request and its answer, the same for every proxied endpoint:
 * model aliases (the key's, then the gateway's patterns), the key's model scope checked against
 * the models that would serve, the optional routing trace, the plan, admission (rate limits and the
 * budget reservation), the attempts, and settlement with what really happened, whatever the
 * outcome. One place, so no endpoint can forget to settle money it reserved or to record usage.
 */
export async function runRoutedRequest(
  gateway: GatewayContext,
  requested: RouteRequest,
  clientSignal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
  run: AttemptRunner,
  options: RoutedRequestOptions = {},
): Promise<void> {
  const { explain = false, preferred, unservable } = options;
  const { request: routeRequest, applied } = applyModelAliases(gateway.catalog, requested, record.apiKey?.modelAliases, (name) =>
    servableHere(gateway, name),
  );
  if (applied.length > 0) record.modelAliases = applied;
  const allows = allowsServingModel(record.apiKey);
  // Prompt-cache affinity: the account this conversation's cache is warm on, unless the client
  // ordered the providers itself (the breaker and key health still decide in the plan).
  const warm = preferred ? undefined : await warmAccount(gateway, routeRequest, record);
  const affine: RouteRequest = warm
    ? { ...routeRequest, affinity: { providerId: warm.providerId, cachedShare: warm.cachedShare } }
    : routeRequest;
  if (explain) {
    const trace = explainRouteFor(gateway, affine, allows);
    // What the surface's decoder had to leave out for translated providers, named by path.
    // Each attempt shows its cache-aware estimate beside the list-price one; `affinity` names the warm account.
    const explained = warm ? { ...trace, affinity: warm } : trace;
    record.routingTrace = record.droppedFields ? { ...explained, droppedFields: record.droppedFields } : explained;
  }
  const planned = planAttempts(gateway, affine, allows, preferred ?? warm).attempts;
  const servable = unservable ? servableAttempts(planned, unservable) : planned;
  const admission =
    gateway.access && record.apiKey
      ? await admitRequest(gateway.access, record, routeRequest, servable, (attempt, inputTokens) =>
          ratesInForce(gateway, attempt, billedAt(record), inputTokens),
        )
      : undefined;
  // After admission, which sets the response headers this adds to.
  const attempts = applyModelRetirement(gateway, record, requested.model, servable);
  record.admitted = true;
  try {
    // A budgeted key's output limit goes into every attempt, in the field its upstream takes.
    const limited = record.maxTokensSent;
    const runWithLimit: AttemptRunner =
      limited === undefined || record.outputLimit === undefined
        ? run
        : (attempt, attemptNumber, signal) => {
            record.outputLimit!.write(limited, attempt);
            return run(attempt, attemptNumber, signal);
          };
    await runAttempts(gateway, attempts, clientSignal, outgoing, record, runWithLimit);
  } finally {
    // The attempts list is the one runAttempts walked (it may insert a replacement key's attempt).
    if (record.attempts > 0) record.servedModelId = attempts[record.attempts - 1]?.model.id;
    rememberAccount(gateway, record, attempts[record.attempts - 1]);
    const estimating = finalizeRequestUsage(record);
    if (estimating) await estimating;
    if (admission) await settleAdmission(gateway.access!, admission, record, gateway.metrics);
  }
}
