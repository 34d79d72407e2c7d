import type { RoutingPolicy } from '@switchboard/router';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';

/** The key's default routing policy, used when the request names none. */
export function keyPolicy(record: RequestRecord): RoutingPolicy | undefined {
  return (record.apiKey?.defaultPolicy as RoutingPolicy | null | undefined) ?? undefined;
}

/** Routing traces reveal providers, prices and health: only for keys given the right (or an open gateway). */
export function mayExplainRoute(gateway: GatewayContext, record: RequestRecord): boolean {
  if (!gateway.settings.routingDebug) return false;
  return gateway.access === undefined || record.apiKey?.allowDebug === true;
}
