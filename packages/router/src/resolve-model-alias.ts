import type { CatalogIndex } from './catalog-index';
import type { ModelAliasTable } from './model-alias-table';

/** The alias a requested name was rewritten by, and the references it now stands for. */
export interface ModelAliasMatch {
  /** The alias as written: an exact name, or a pattern such as `claude-sonnet-*`. */
  alias: string;
  scope: 'key' | 'gateway';
  pattern: boolean;
  /** Model references in preference order (`provider/model`, a bare id, or an exact alias). */
  targets: readonly string[];
}

/**
 * What a requested model name stands for, decided once per request before routing. Precedence:
 * 1. a name the catalog knows exactly (a served model id, `provider/model`, an exact gateway
 *    alias) is served as asked: no alias rewrites a real model, unless `servable` says nothing
 *    here can serve it (a built-in Claude model with no Anthropic key: Claude Code's own ids
 *    then fall to the patterns, which is what a team running it on DeepSeek means);
 * 2. the key's aliases: its exact name, else its most specific matching pattern;
 * 3. the gateway's patterns, most specific first.
 * "Most specific" is the pattern with the most literal characters (`claude-sonnet-*` beats
 * `claude-*`). Undefined: the name goes to the router unchanged (and may be unknown there).
 * Targets are not aliased again: they are catalog names, resolved by resolveCandidates.
 */
export function resolveModelAlias(
  index: CatalogIndex,
  requested: string,
  keyAliases?: ModelAliasTable,
  servable?: (name: string) => boolean,
): ModelAliasMatch | undefined {
  if (index.knowsName(requested) && (servable === undefined || servable(requested))) return undefined;
  const byKey = keyAliases?.match(requested);
  if (byKey) return { alias: byKey.name, scope: 'key', pattern: byKey.pattern, targets: byKey.targets };
  const byGateway = index.aliases.pattern(requested);
  if (byGateway) return { alias: byGateway.name, scope: 'gateway', pattern: true, targets: byGateway.targets };
  return undefined;
}
