import type { AdapterTarget } from '@switchboard/providers';
import type { Attempt } from './plan-attempts';

/** Who an attempt calls, as the adapters take it: the provider, its model name and the key. */
export function adapterTarget(attempt: Attempt): AdapterTarget {
  const target: AdapterTarget = { provider: attempt.provider, upstreamModel: attempt.model.upstream, apiKey: attempt.apiKey };
  if (attempt.bodyFields !== undefined) target.bodyFields = attempt.bodyFields;
  return target;
}
