import type { RoutingPolicy } from '@switchboard/router';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';

/** The key's default routing policy (else its team's), used when the request names none. */
export function keyPolicy(record: RequestRecord): RoutingPolicy | undefined {
  const key = record.apiKey;
  return ((key?.defaultPolicy ?? key?.team?.routingPolicy) as RoutingPolicy | null | undefined) ?? undefined;
}

/** Routing traces reveal providers, prices and health: only for keys given the right (or an open gateway). */
export function mayExplainRoute(gateway: GatewayContext, record: RequestRecord): boolean {
  if (!gateway.settings.routingDebug) return false;
  return gateway.access === undefined || record.apiKey?.allowDebug === true;
}
