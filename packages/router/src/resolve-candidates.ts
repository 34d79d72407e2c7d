import type { Candidate, CatalogIndex } from './catalog-index';

export type Resolution =
  | { kind: 'candidates'; candidates: Candidate[] }
  | { kind: 'unknown-model' }
  | { kind: 'provider-disabled'; providerId: string };

const MAX_ALIAS_DEPTH = 4;

/**
 * Turns what the client asked for into candidates, in preference order:
 * - `provider/model` pins one provider (a model id may itself contain slashes, as OpenRouter's do);
 * - an exact alias expands to its references, in the order written (patterns and a key's
 *   aliases were applied before, by resolveModelAlias);
 * - a bare model id is every enabled provider that serves it.
 */
export function resolveCandidates(index: CatalogIndex, requested: string, depth = 0): Resolution {
  const aliased = index.aliases.exact(requested)?.targets;
  if (aliased && depth < MAX_ALIAS_DEPTH) {
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    for (const reference of aliased) {
      const resolution = resolveCandidates(index, reference, depth + 1);
      if (resolution.kind !== 'candidates') continue;
      for (const candidate of resolution.candidates) {
        const key = `${candidate.provider.id}/${candidate.model.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push(candidate);
      }
    }
    return candidates.length > 0 ? { kind: 'candidates', candidates } : { kind: 'unknown-model' };
  }

  const slash = requested.indexOf('/');
  if (slash > 0) {
    const provider = index.provider(requested.slice(0, slash));
    if (provider) {
      const modelId = requested.slice(slash + 1);
      const model = provider.models.find((entry) => entry.id === modelId || entry.upstream === modelId);
      if (model && !provider.enabled) return { kind: 'provider-disabled', providerId: provider.id };
      if (model) return { kind: 'candidates', candidates: [{ provider, model }] };
      // Not this provider's model: the whole string may be a bare id with a slash (OpenRouter's
      // `deepseek/deepseek-r1` while a `deepseek` provider exists), so fall through.
    }
  }

  const candidates = index.servingModel(requested);
  return candidates.length > 0 ? { kind: 'candidates', candidates } : { kind: 'unknown-model' };
}
