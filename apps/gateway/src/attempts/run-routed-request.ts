import type { ServerResponse } from 'node:http';
import type { GatewayError } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';
import { admitRequest, settleAdmission } from '../access/admit-request';
import { allowsServingModel } from '../access/allows-serving-model';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import type { UpstreamAccount } from '../responses/conversation-affinity';
import { applyModelAliases } from '../routing/apply-model-aliases';
import { applyModelRetirement } from '../routing/apply-model-retirement';
import { explainRouteFor } from '../routing/explain-route-for';
import { servableHere } from '../routing/servable-here';
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
  if (explain) {
    const trace = explainRouteFor(gateway, routeRequest, allows);
    // What the surface's decoder had to leave out for translated providers, named by path.
    record.routingTrace = record.droppedFields ? { ...(trace as object), droppedFields: record.droppedFields } : trace;
  }
  const planned = planAttempts(gateway, routeRequest, allows, preferred).attempts;
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
    const estimating = finalizeRequestUsage(record);
    if (estimating) await estimating;
    if (admission) await settleAdmission(gateway.access!, admission, record, gateway.metrics);
  }
}
