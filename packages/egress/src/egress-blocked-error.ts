import type { RefusedIpCategory } from './classify-ip-address';

export type EgressRefusalCategory = RefusedIpCategory | 'internal-name';

/**
 * Raised when a connection would reach a refused destination. `code` lets the upstream client
 * tell it from network failures: it is a configuration problem, not a reason to retry.
 */
export class EgressBlockedError extends Error {
  readonly code = 'EGRESS_BLOCKED';

  constructor(
    message: string,
    readonly hostname: string,
    readonly category: EgressRefusalCategory,
  ) {
    super(message);
    this.name = 'EgressBlockedError';
  }
}
