import { matchesPattern } from '@switchboard/protocol';
import type { ApiKeySummary } from './api-key-summary';

/** Whether the key may call a gateway path such as `/v1/embeddings` (exact, or by a `*` pattern). Null allows every endpoint. */
export function isEndpointAllowed(key: Pick<ApiKeySummary, 'allowedEndpoints'>, endpoint: string): boolean {
  if (key.allowedEndpoints === null) return true;
  // `/v1/embeddings/` is the same endpoint to the router, so it must be to the check as well.
  const path = endpoint.length > 1 && endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  return key.allowedEndpoints.some((pattern) => matchesPattern(pattern, path));
}
