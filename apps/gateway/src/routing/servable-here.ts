import type { GatewayContext } from '../app/gateway-context';

/**
 * Whether a name the catalog knows can be served by this gateway as it is configured: an exact
 * alias or a `provider/model` pin always counts (the client chose it), a bare model id only when
 * an enabled provider serving it has a key. A built-in model nobody holds a key for (Claude
 * without an Anthropic key) may then be taken by a pattern alias instead of failing with 503.
 */
export function servableHere(gateway: GatewayContext, name: string): boolean {
  if (name.includes('/') || Object.hasOwn(gateway.catalog.catalog.aliases, name)) return true;
  return gateway.catalog
    .servingModel(name)
    .some(({ provider }) => provider.enabled && (provider.keyOptional === true || gateway.keys.hasKey(provider)));
}
