import type { CatalogIndex } from '@switchboard/router';
import type { ProviderKeySource } from '../keys/environment-key-source';

/** USD per token as a decimal string, the way OpenRouter's /models shows prices. */
function perToken(usdPerMillion: number | undefined): string | null {
  if (usdPerMillion === undefined) return null;
  return (usdPerMillion / 1_000_000).toFixed(12).replace(/\.?0+$/, '') || '0';
}

/**
 * GET /v1/models in OpenAI's list shape. Each model also carries what OpenRouter's listing does:
 * its context length, its cheapest price, and every provider that serves it with that
 * provider's prices and whether a key is configured. Aliases are listed with their targets.
 * Built once per catalog version, not per request.
 */
export function buildModelsList(index: CatalogIndex, keys: ProviderKeySource): string {
  const data: unknown[] = [];
  const sorted = [...index.models()].sort(([a], [b]) => a.localeCompare(b));
  for (const [id, candidates] of sorted) {
    const providers = candidates.map(({ provider, model }) => ({
      id: provider.id,
      upstream_model: model.upstream,
      price: model.price
        ? {
            input: model.price.input,
            cached_input: model.price.cachedInput ?? model.price.input,
            cache_write: model.price.cacheWrite ?? model.price.input,
            output: model.price.output,
            unit: 'USD per 1M tokens',
          }
        : null,
      context_window: model.contextWindow ?? null,
      max_output_tokens: model.maxOutputTokens ?? null,
      capabilities: model.capabilities ?? {},
      available: keys.hasKey(provider),
    }));
    const priced = candidates.filter(({ model }) => model.price).map(({ model }) => model.price!);
    const cheapest = priced.sort((a, b) => a.input + a.output - (b.input + b.output))[0];
    data.push({
      id,
      object: 'model',
      created: 0,
      owned_by: candidates[0]!.provider.id,
      type: candidates[0]!.model.kind,
      context_length: Math.max(0, ...candidates.map(({ model }) => model.contextWindow ?? 0)) || null,
      pricing: { prompt: perToken(cheapest?.input), completion: perToken(cheapest?.output) },
      providers,
    });
  }
  // Exact aliases only. A pattern (`claude-*`) is not a name a client can send as it stands, and
  // SDKs and UIs that offer /v1/models entries as choices would offer it; what patterns map is
  // the admin API's to show (GET /admin/model-aliases). A key's own aliases are not listed either:
  // this list is one per catalog version, the same for every key.
  const aliases = [...index.aliases.exactEntries()].sort((a, b) => a.name.localeCompare(b.name));
  for (const { name, targets } of aliases) {
    const retirement = index.retirement(name);
    data.push({
      id: name,
      object: 'model',
      created: 0,
      owned_by: 'switchboard',
      type: 'alias',
      targets,
      // A name its provider retired: what serves it now, and since when it is only an alias.
      ...(retirement ? { retired: { at: retirement.retiredAt, replacement: retirement.replacement } } : {}),
    });
  }
  return JSON.stringify({ object: 'list', data });
}
