import { effectivePort } from './effective-port';
import type { EgressPolicy } from './egress-policy';
import { isHostAllowed } from './egress-policy';
import { findHostRefusal } from './find-host-refusal';

export type BaseUrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Checks a provider base URL when an admin saves it. Provider keys are sent there, so it must be
 * https to a public host unless the operator allows the host in EGRESS_ALLOWED_HOSTS. Names are
 * judged here only by what they say (localhost, *.internal); their addresses are checked again
 * at every connection by the guarded lookup, since DNS can change after saving.
 */
export function validateProviderBaseUrl(raw: string, policy: EgressPolicy): BaseUrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `'${raw}' is not an absolute URL such as https://api.example.com/v1` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      reason: `only https (or http for hosts in EGRESS_ALLOWED_HOSTS) is allowed, not ${url.protocol.slice(0, -1)}`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'a base URL must not contain a username or password; set the provider key instead' };
  }
  // `url.hash` is empty for a bare `#`, so look at the text: `#` can only start a fragment.
  if (raw.includes('#')) return { ok: false, reason: 'a base URL must not contain a fragment (#...)' };
  const refusal = findHostRefusal(url, policy);
  if (refusal) return { ok: false, reason: refusal.reason };
  if (url.protocol === 'http:' && !isHostAllowed(policy, url.hostname, effectivePort(url))) {
    return { ok: false, reason: 'http is only allowed for hosts in EGRESS_ALLOWED_HOSTS; use https' };
  }
  return { ok: true, url };
}
