import type { AdapterTarget } from '@switchboard/providers';
import type { Attempt } from './plan-attempts';

/** Who an attempt calls, as the adapters take it: the provider, its model name and the key. */
export function adapterTarget(attempt: Attempt): AdapterTarget {
  return { provider: attempt.provider, upstreamModel: attempt.model.upstream, apiKey: attempt.apiKey };
}
