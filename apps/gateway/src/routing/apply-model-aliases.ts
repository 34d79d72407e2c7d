import {
  type CatalogIndex,
  type ModelAliasMatch,
  modelAliasTableFor,
  type RouteRequest,
  resolveModelAlias,
} from '@switchboard/router';

/**
 * The request with `model` and each fallback in `models` resolved through the key's aliases and
 * the gateway's patterns (resolveModelAlias decides; this only maps the names), and the aliases
 * that applied. The request comes back unchanged when no name was rewritten, the common case.
 */
export function applyModelAliases(
  index: CatalogIndex,
  request: RouteRequest,
  keyAliases: Readonly<Record<string, readonly string[]>> | null | undefined,
  servable?: (name: string) => boolean,
): { request: RouteRequest; applied: ModelAliasMatch[] } {
  const keyTable = keyAliases ? modelAliasTableFor(keyAliases) : undefined;
  if (keyTable === undefined && !index.aliases.hasPatterns) return { request, applied: [] };
  const names = request.models && request.models.length > 0 ? [request.model, ...request.models] : [request.model];
  const applied: ModelAliasMatch[] = [];
  const resolvedNames: string[] = [];
  for (const name of names) {
    const match = resolveModelAlias(index, name, keyTable, servable);
    if (match === undefined) {
      resolvedNames.push(name);
    } else {
      applied.push(match);
      resolvedNames.push(...match.targets);
    }
  }
  if (applied.length === 0) return { request, applied };
  return { request: { ...request, resolvedNames }, applied };
}
