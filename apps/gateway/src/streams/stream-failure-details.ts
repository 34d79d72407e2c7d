import type { StreamErrorDetails } from '@switchboard/protocol';

/**
 * A gateway-side stream failure (a cut, a timeout) as the details a surface's error frame
 * carries: a timeout keeps its own type, anything else is the upstream's API error.
 */
export function streamFailureDetails(message: string, code: string): StreamErrorDetails {
  return { message, code, type: code === 'upstream_timeout' ? 'timeout_error' : 'api_error' };
}
