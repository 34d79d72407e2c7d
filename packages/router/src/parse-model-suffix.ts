import type { ProviderSort } from './route-request';

// A Map: the suffix is the client's text.
const SUFFIX_SORTS = new Map<string, ProviderSort>([
  [':floor', 'price'],
  [':nitro', 'throughput'],
]);

/**
 * OpenRouter's shortcuts: `model:floor` sorts providers by price, `model:nitro` by throughput.
 * Only these two suffixes are stripped; other colons belong to model ids (`llama3:8b`, `:free`).
 */
export function parseModelSuffix(name: string): { model: string; sort: ProviderSort | undefined } {
  const colon = name.lastIndexOf(':');
  const sort = colon > 0 ? SUFFIX_SORTS.get(name.slice(colon)) : undefined;
  return sort ? { model: name.slice(0, colon), sort } : { model: name, sort: undefined };
}
