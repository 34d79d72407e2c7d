import type { ServerResponse } from 'node:http';
import type { RouteRequest } from '@switchboard/router';
import { admitRequest, settleAdmission } from '../access/admit-request';
import { allowsServingModel } from '../access/allows-serving-model';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import type { UpstreamAccount } from '../responses/conversation-affinity';
import { applyModelAliases } from '../routing/apply-model-aliases';
import { explainRouteFor } from '../routing/explain-route-for';
import { servableHere } from '../routing/servable-here';
import { finalizeRequestUsage } from '../usage/finalize-request-usage';
import { planAttempts } from './plan-attempts';
import { type AttemptRunner, runAttempts } from './run-attempts';

/**
 * Everything between a validated request and its answer, the same for every proxied endpoint:
 * model aliases (the key's, then the gateway's patterns), the key's model scope checked against
 * the models that would serve, the optional routing trace, the plan, admission (rate limits and the
 * budget reservation), the attempts, and settlement with what really happened, whatever the
 * outcome. One place, so no endpoint can forget to settle money it reserved or to record usage.
 * `preferred` is the upstream account a conversation is bound to (Responses affinity), if any.
 */
export async function runRoutedRequest(
  gateway: GatewayContext,
  requested: RouteRequest,
  clientSignal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
  run: AttemptRunner,
  explain = false,
  preferred?: UpstreamAccount,
): Promise<void> {
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
  const { attempts } = planAttempts(gateway, routeRequest, allows, preferred);
  const admission =
    gateway.access && record.apiKey ? await admitRequest(gateway.access, record, routeRequest, attempts) : undefined;
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
