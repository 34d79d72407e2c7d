import type { Attempt } from './plan-attempts';

/** Headers that tell the client which provider and model served it, and after how many attempts. */
export function routingHeaders(
  requestId: string,
  attempt: Attempt,
  attemptNumber: number,
  extra?: Record<string, string>,
): Record<string, string> {
  return {
    ...extra,
    'x-request-id': requestId,
    'x-switchboard-provider': attempt.provider.id,
    'x-switchboard-model': attempt.model.upstream,
    'x-switchboard-attempts': String(attemptNumber),
  };
}
