import { explainRoute, type PlanRouteOptions, type RouteExplanation, type RouteRequest } from '@switchboard/router';
import type { GatewayContext } from '../app/gateway-context';

/** The router's explanation of a request against this instance's live state, reserving nothing. */
export function explainRouteFor(
  gateway: GatewayContext,
  request: RouteRequest,
  allows?: PlanRouteOptions['allows'],
): RouteExplanation {
  return explainRoute(gateway.catalog, request, gateway.router, {
    nowMs: Date.now(),
    random: Math.random,
    config: gateway.routingConfig,
    keyIds: (provider) => gateway.keys.keyIdsFor(provider),
    claimProbe: false,
    allows,
  });
}
