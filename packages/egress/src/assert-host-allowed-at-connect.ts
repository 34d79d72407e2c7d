import { EgressBlockedError } from './egress-blocked-error';
import type { EgressPolicy } from './egress-policy';
import { findHostRefusal } from './find-host-refusal';

/**
 * Throws EgressBlockedError when `url`'s host is a refused literal IP address or an internal
 * name. Node never calls the `lookup` hook for a literal IP, so the guarded lookup cannot catch
 * `http://10.0.0.5/`; the upstream client calls this when it creates a pool for an origin, which
 * also covers base URLs that reached the catalog without passing the admin API.
 */
export function assertHostAllowedAtConnect(url: URL | string, policy: EgressPolicy): void {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const refusal = findHostRefusal(parsed, policy);
  if (refusal)
    throw new EgressBlockedError(
      `Egress to ${parsed.host} is blocked (${refusal.category}): ${refusal.reason}.`,
      parsed.hostname,
      refusal.category,
    );
}
