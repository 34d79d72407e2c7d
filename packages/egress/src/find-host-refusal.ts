import { classifyIpAddress } from './classify-ip-address';
import { describeInternalHostName } from './describe-internal-host-name';
import { effectivePort } from './effective-port';
import type { EgressRefusalCategory } from './egress-blocked-error';
import { type EgressPolicy, isHostAllowed } from './egress-policy';
import { parseIpAddress } from './ip-address';

export interface HostRefusal {
  category: EgressRefusalCategory;
  /** Says what the host is and what to do about it. */
  reason: string;
}

/** What to add to EGRESS_ALLOWED_HOSTS: the host with the URL's own port, if it has one. */
function suggestedEntry(url: URL): string {
  return url.port === '' ? url.hostname : `${url.hostname}:${url.port}`;
}

/**
 * Why the host of `url` may not be a provider, judged without DNS: a literal IP address outside
 * the public ranges or an internal name, unless the operator allows the host. Undefined: fine.
 */
export function findHostRefusal(url: URL, policy: EgressPolicy): HostRefusal | undefined {
  if (isHostAllowed(policy, url.hostname, effectivePort(url))) return undefined;
  const allowHint = `; add ${suggestedEntry(url)} to EGRESS_ALLOWED_HOSTS to allow a local server`;
  if (parseIpAddress(url.hostname)) {
    const classification = classifyIpAddress(url.hostname);
    if (classification.category === 'public') return undefined;
    if (classification.category === 'cloud-metadata') {
      return { category: classification.category, reason: `${classification.reason}; a provider base URL must not point at it` };
    }
    return { category: classification.category, reason: classification.reason + allowHint };
  }
  const internal = describeInternalHostName(url.hostname);
  return internal === undefined ? undefined : { category: 'internal-name', reason: internal + allowHint };
}
