import type { ServerResponse } from 'node:http';
import type { RouteRequest } from '@switchboard/router';
import { admitRequest, settleAdmission } from '../access/admit-request';
import { ensureModelsAllowed } from '../access/ensure-models-allowed';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { explainRouteFor } from '../routing/explain-route-for';
import { finalizeRequestUsage } from '../usage/finalize-request-usage';
import { planAttempts } from './plan-attempts';
import { type AttemptRunner, runAttempts } from './run-attempts';

/**
 * Everything between a validated request and its answer, the same for every proxied endpoint:
 * the key's model scope, the optional routing trace, the plan, admission (rate limits and the
 * budget reservation), the attempts, and settlement with what really happened, whatever the
 * outcome. One place, so no endpoint can forget to settle money it reserved or to record usage.
 */
export async function runRoutedRequest(
  gateway: GatewayContext,
  routeRequest: RouteRequest,
  clientSignal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
  run: AttemptRunner,
  explain = false,
): Promise<void> {
  if (record.apiKey) ensureModelsAllowed(record.apiKey, routeRequest);
  if (explain) {
    const trace = explainRouteFor(gateway, routeRequest);
    // What the surface's decoder had to leave out for translated providers, named by path.
    record.routingTrace = record.droppedFields ? { ...(trace as object), droppedFields: record.droppedFields } : trace;
  }
  const { attempts } = planAttempts(gateway, routeRequest);
  const admission =
    gateway.access && record.apiKey ? await admitRequest(gateway.access, record, routeRequest, attempts) : undefined;
  record.admitted = true;
  try {
    await runAttempts(gateway, attempts, clientSignal, outgoing, record, run);
  } finally {
    // The attempts list is the one runAttempts walked (it may insert a replacement key's attempt).
    if (record.attempts > 0) record.servedModelId = attempts[record.attempts - 1]?.model.id;
    const estimating = finalizeRequestUsage(record);
    if (estimating) await estimating;
    if (admission) await settleAdmission(gateway.access!, admission, record);
  }
}
